#!/bin/sh
# Distinct places (function and file:line:col) that libFuzzer workers reached for the first time
# after loading their corpus, from logs of runs with -print_pcs=1. A plateau is a stretch in
# which this list stops growing; compare it across runs, not the `cov:` count, which varies a
# little between runs of the same corpus (hash-table probing depends on a random seed).
#
#   sh places.sh LOG...              every new place
#   sh places.sh --casebook LOG...   only places in Casebook's own code
filter=cat
if [ "$1" = "--casebook" ]; then
    filter="grep -i -e casebook -e /src/model/ -e /src/store/ -e /src/timeline/ -e /src/export/"
    shift
fi
for log in "$@"; do
    awk '/INITED/ { inited = 1 } inited && /NEW_PC/' "$log" | sed 's/.*NEW_PC: 0x[0-9a-f]* in //'
done | sort -u | $filter

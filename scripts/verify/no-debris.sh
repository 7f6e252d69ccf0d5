#!/bin/sh
# Kills the grader with SIGKILL (its whole group, then the grader process alone) the moment the
# program's first process appears, 20 times each, and prints how many tries left a process of
# the program or a listener behind. Exit 1 when any did.
#   scripts/verify/no-debris.sh [--tries N] [--root CHECKOUT] [--modes group,grader] [--verbose]
cd "$(dirname "$0")/../.." || exit 2
exec node --import tsx scripts/verify/no-debris.ts "$@"

#!/bin/bash
# Disk of a store after its first compaction (blocks + WAL checkpoint) and the time to reopen it.
# usage: checkpoint-size.sh BINARY NAME PORT [DATA_DIR]
#   DATA_DIR: a Vigil data directory to copy (default: the one `run.sh 10000 6 --phases sutq
#   --keep-ingest-data` keeps); the copy goes to /tmp/ckpt-NAME and is opened by BINARY until a
#   checkpoint appears (compaction runs once a minute), then reopened.
set -u
BIN=$1; NAME=$2; PORT=$3; DATA=${4:-/tmp/peer-bench/N10000/sut/query/data}
D=/tmp/ckpt-$NAME; rm -rf $D; cp -r "$DATA" $D
echo "$NAME before: $(du -sb $D/tsdb | cut -f1) bytes"
$BIN serve --data-dir $D --listen 127.0.0.1:$PORT --log-level warning > $D.log 2>&1 &
PID=$!
for i in $(seq 1 100); do sleep 2; ls $D/tsdb/wal | grep -q checkpoint && break; done
sleep 3; kill $PID; wait $PID
echo "$NAME after compaction: $(du -sb $D/tsdb | cut -f1) bytes; wal $(du -sb $D/tsdb/wal | cut -f1); blocks $(du -sb $D/tsdb/blocks | cut -f1)"
ls -la $D/tsdb/wal | grep checkpoint
S=$(date +%s.%N)
$BIN serve --data-dir $D --listen 127.0.0.1:$PORT --log-level warning > $D.log2 2>&1 &
PID=$!
until curl -sf http://127.0.0.1:$PORT/health >/dev/null; do sleep 0.05; done
E=$(date +%s.%N); echo "$NAME reopen ready: $(echo "$E - $S" | bc) s"
curl -s "http://127.0.0.1:$PORT/api/v1/query?query=count(%7B__name__%3D~%22.%2B%22%7D)" ; echo
curl -s "http://127.0.0.1:$PORT/api/v1/query?query=sum(count_over_time(%7B__name__%3D~%22http.%2B%22%7D%5B7h%5D))&time=1795438545" ; echo
kill $PID; wait $PID

"""Produces one record batch whose gzip payload is garbage but whose CRC is valid, as a hostile producer could.

Usage: corrupt_batch.py BOOTSTRAP TOPIC PARTITION
Uses python3-kafka's own record builder and protocol classes; only the compressed bytes are overwritten.
"""
import random
import struct
import sys
import time

from kafka.client_async import KafkaClient
from kafka.protocol.produce import ProduceRequest
from kafka.record.default_records import DefaultRecordBatchBuilder
from kafka.record.util import calc_crc32c
from kafka.structs import TopicPartition

bootstrap, topic, partition = sys.argv[1], sys.argv[2], int(sys.argv[3])
builder = DefaultRecordBatchBuilder(magic=2, compression_type=1, is_transactional=0,
                                    producer_id=-1, producer_epoch=-1, base_sequence=-1, batch_size=1 << 20)
for i in range(5):
    builder.append(i, timestamp=int(time.time() * 1000), key=None, value=b'{"never": "readable"}' * 20, headers=[])
batch = bytearray(builder.build())

# v2 batch header: 61 bytes; the CRC (at 17) covers everything from the attributes (at 21) on.
records_start = 61
rng = random.Random(7)
for i in range(records_start, len(batch)):
    batch[i] = rng.randrange(256)
struct.pack_into(">I", batch, 17, calc_crc32c(memoryview(batch)[21:]))

client = KafkaClient(bootstrap_servers=bootstrap, api_version=(2, 0, 0))
client.poll(future=client.cluster.request_update())
deadline = time.time() + 30
leader = None
while leader in (None, -1) and time.time() < deadline:
    client.add_topic(topic)
    client.poll(future=client.cluster.request_update())
    leader = client.cluster.leader_for_partition(TopicPartition(topic, partition))
if leader in (None, -1):
    sys.exit(f"no leader for {topic}/{partition}")
while not client.ready(leader) and time.time() < deadline:
    client.poll(timeout_ms=100)
request = ProduceRequest[3](transactional_id=None, required_acks=-1, timeout=30000,
                            topics=[(topic, [(partition, bytes(batch))])])
future = client.send(leader, request)
client.poll(future=future)
if future.failed():
    sys.exit(f"produce failed: {future.exception}")
errors = [p[1] for t in future.value.topics for p in t[1]]
if any(errors):
    sys.exit(f"produce error codes: {errors}")
print("corrupt batch produced")

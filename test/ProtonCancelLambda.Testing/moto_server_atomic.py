"""moto_server, with DynamoDB's conditional writes made atomic as the real service makes them.

moto 5.2.1 serves requests on threads and checks a write's condition and applies the write without a lock,
so two concurrent conditional writes to one item can both succeed (measured: in 1 of 60 rounds of 10
concurrent claims of one item, two won). DynamoDB evaluates the condition and writes atomically per item;
the idempotency tests depend on exactly that. This runs moto's own server with one lock around DynamoDB's
write handlers; everything else is moto as installed. Arguments are moto_server's.
"""
import sys
import threading

from moto.dynamodb.responses import DynamoHandler
from moto.server import main

_lock = threading.Lock()


def _atomic(name):
    original = getattr(DynamoHandler, name)

    def locked(self, *args, **kwargs):
        with _lock:
            return original(self, *args, **kwargs)

    setattr(DynamoHandler, name, locked)


for _name in ("put_item", "update_item", "delete_item", "batch_write_item", "transact_write_items"):
    _atomic(_name)

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

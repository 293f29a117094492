"""RabbitMQ adapters (aio-pika)."""

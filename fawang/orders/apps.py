from django.apps import AppConfig


class OrdersConfig(AppConfig):
    name = "fawang.orders"
    label = "orders"

from nagrik_kit import ServiceSettings


class Settings(ServiceSettings):
    service_name: str = "conversation"
    http_port: int = 8001

from nagrik_kit import ServiceSettings


class Settings(ServiceSettings):
    service_name: str = "analytics"
    http_port: int = 8006

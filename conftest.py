pytest_plugins = ["nagrik_dev.pytest_plugin"]

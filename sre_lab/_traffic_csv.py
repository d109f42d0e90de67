"""Placeholder until the traffic CSV loader lands."""


def load_traffic_csv(path, **options):
    raise NotImplementedError

"""A stand-in for WeChat's API (公众号接口) that runs in the project: dev, tests, benchmarks."""

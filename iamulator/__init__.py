"""iamulator: a mock of AWS for tests, with IAM at its centre."""

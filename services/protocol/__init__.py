"""services/protocol"""

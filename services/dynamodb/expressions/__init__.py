"""DynamoDB expressions: one lexer and parser for condition, key-condition, filter and
projection expressions, semantic checks with DynamoDB's messages, and evaluation."""
from iamulator.services.dynamodb.expressions.request import Expressions, compile_expressions

__all__ = ["Expressions", "compile_expressions"]

from iamulator.authz import evaluate

from authz_helpers import OBJ, USER, allow, check, doc


def test_allow_and_implicit_deny():
    check(evaluate("s3:GetObject", OBJ, USER, {}, [doc(allow("s3:GetObject", OBJ))]), "Allowed", "identity")
    check(evaluate("s3:PutObject", OBJ, USER, {}, [doc(allow("s3:GetObject", OBJ))]),
          "ImplicitlyDenied", "identity")

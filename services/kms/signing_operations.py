"""Asymmetric and HMAC keys: Sign, Verify, GetPublicKey, GenerateMac, VerifyMac, DeriveSharedSecret."""
from __future__ import annotations

import hmac

from cryptography.hazmat.primitives.asymmetric import ec

from iamulator.services.kms import asymmetric, errors, material, specs

RAW = "RAW"
EXTERNAL_MU = "EXTERNAL_MU"


class SigningOperations:
    def _signing_key(self, key, algorithm: str, message_type: str, operation: str) -> None:
        self._require_state(key)
        self._require_usage(key, specs.SIGN_VERIFY, operation)
        if algorithm not in specs.algorithms(key.spec, key.usage).get("SigningAlgorithms", ()):
            raise errors.incompatible_algorithm(algorithm, key.spec)
        if message_type == EXTERNAL_MU:
            raise errors.validation(f"MessageType {EXTERNAL_MU} is valid only with ML-DSA signing algorithms.")

    def sign(self, ctx, params) -> dict:
        algorithm, message_type = params["SigningAlgorithm"], params.get("MessageType") or RAW
        with self._using(ctx, params["KeyId"], cross_account=True) as key:
            self._signing_key(key, algorithm, message_type, "Sign")
            if params.get("DryRun"):
                raise errors.dry_run()
            signature = asymmetric.sign(key.current.secret, algorithm, params["Message"], message_type)
            return {"KeyId": key.arn, "Signature": signature, "SigningAlgorithm": algorithm}

    def verify(self, ctx, params) -> dict:
        algorithm, message_type = params["SigningAlgorithm"], params.get("MessageType") or RAW
        with self._using(ctx, params["KeyId"], cross_account=True) as key:
            self._signing_key(key, algorithm, message_type, "Verify")
            valid = asymmetric.verify(key.current.secret.public_key(), algorithm, params["Message"], message_type,
                                      params["Signature"])
            if params.get("DryRun"):
                raise errors.dry_run()
            if not valid:
                raise errors.invalid_signature()
            return {"KeyId": key.arn, "SignatureValid": True, "SigningAlgorithm": algorithm}

    def get_public_key(self, ctx, params) -> dict:
        with self._using(ctx, params["KeyId"], cross_account=True) as key:
            self._require_state(key)
            if key.family not in ("rsa", "ecc"):
                raise errors.unsupported(f"{key.arn} key spec is {key.spec} which is not valid for GetPublicKey.")
            out = {"KeyId": key.arn, "PublicKey": key.public_key_der(), "CustomerMasterKeySpec": key.spec,
                   "KeySpec": key.spec, "KeyUsage": key.usage}
            for member, algorithms in specs.algorithms(key.spec, key.usage).items():
                out[member] = list(algorithms)
            return out

    def _mac_key(self, key, algorithm: str, operation: str) -> None:
        self._require_state(key)
        self._require_usage(key, specs.GENERATE_VERIFY_MAC, operation)
        if algorithm not in specs.algorithms(key.spec, key.usage).get("MacAlgorithms", ()):
            raise errors.incompatible_algorithm(algorithm, key.spec)

    def generate_mac(self, ctx, params) -> dict:
        algorithm = params["MacAlgorithm"]
        with self._using(ctx, params["KeyId"], cross_account=True) as key:
            self._mac_key(key, algorithm, "GenerateMac")
            if params.get("DryRun"):
                raise errors.dry_run()
            tag = asymmetric.mac(key.current.secret, algorithm, params["Message"])
            return {"Mac": tag, "MacAlgorithm": algorithm, "KeyId": key.arn}

    def verify_mac(self, ctx, params) -> dict:
        algorithm = params["MacAlgorithm"]
        with self._using(ctx, params["KeyId"], cross_account=True) as key:
            self._mac_key(key, algorithm, "VerifyMac")
            expected = asymmetric.mac(key.current.secret, algorithm, params["Message"])
            if params.get("DryRun"):
                raise errors.dry_run()
            if not hmac.compare_digest(expected, params["Mac"]):
                raise errors.invalid_mac()
            return {"KeyId": key.arn, "MacValid": True, "MacAlgorithm": algorithm}

    def derive_shared_secret(self, ctx, params) -> dict:
        _reject_recipient(params)
        with self._using(ctx, params["KeyId"], cross_account=True) as key:
            self._require_state(key)
            self._require_usage(key, specs.KEY_AGREEMENT, "DeriveSharedSecret")
            try:
                peer = material.load_public(params["PublicKey"])
            except (ValueError, TypeError):
                raise errors.validation("PublicKey is not a valid DER-encoded SubjectPublicKeyInfo.") from None
            own = key.current.secret
            if not isinstance(peer, ec.EllipticCurvePublicKey) or peer.curve.name != own.curve.name:
                raise errors.validation(f"The public key does not match the curve of KeySpec {key.spec}.")
            if params.get("DryRun"):
                raise errors.dry_run()
            secret = own.exchange(ec.ECDH(), peer)
            return {"KeyId": key.arn, "SharedSecret": secret, "KeyAgreementAlgorithm": "ECDH",
                    "KeyOrigin": key.origin}


def _reject_recipient(params: dict) -> None:
    if params.get("Recipient"):
        raise errors.validation("The attestation document in the Recipient parameter is not valid.")

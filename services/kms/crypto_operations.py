"""Encryption: Encrypt, Decrypt, ReEncrypt, GenerateDataKey(WithoutPlaintext),
GenerateDataKeyPair(WithoutPlaintext), GenerateRandom.

``seal`` and ``unseal`` are the two halves every one of them uses, and what other services reach
through ``iamulator.services.kms.access``.
"""
from __future__ import annotations

import secrets

from iamulator.services.errors import AWSError
from iamulator.services.kms import asymmetric, ciphertext, errors, material, specs

_DATA_KEY_BYTES = {"AES_256": 32, "AES_128": 16}


class CryptoOperations:
    # -- the two halves -----------------------------------------------------------------
    def seal(self, ctx, key_id: str, plaintext: bytes, context: dict | None, algorithm: str | None,
             operation: str, dry_run: bool = False, data_key: bool = False) -> tuple[str, bytes, str, str | None]:
        """Encrypt under the key ``key_id`` names: (key ARN, ciphertext blob, algorithm, material ID).
        ``data_key``: the plaintext is a data key, which only symmetric keys protect."""
        algorithm = algorithm or specs.SYMMETRIC_DEFAULT
        with self._using(ctx, key_id, cross_account=True, create_managed=True) as key:
            if data_key:
                self._check_data_key_key(key, operation)
            self._check_encryption_key(key, algorithm, operation)
            if dry_run:
                raise errors.dry_run()
            if key.symmetric:
                current = key.current
                blob = ciphertext.seal(key.arn, current, plaintext, context)
                return key.arn, blob, algorithm, current.material_id
            if context:
                raise errors.validation("EncryptionContext is not supported for asymmetric KMS keys.")
            most = asymmetric.max_rsa_plaintext(specs.SPECS[key.spec].bits, algorithm)
            if len(plaintext) > most:
                raise errors.validation(f"Plaintext of {len(plaintext)} bytes is longer than the {most} bytes "
                                        f"{algorithm} allows with KeySpec {key.spec}.")
            return key.arn, asymmetric.rsa_encrypt(key.current.secret, algorithm, plaintext), algorithm, None

    def unseal(self, ctx, blob: bytes, context: dict | None, key_id: str | None, algorithm: str | None,
             operation: str, dry_run: bool = False) -> tuple[str, bytes, str, str | None]:
        """Decrypt a blob: (key ARN, plaintext, algorithm, material ID). Symmetric blobs name
        their key; asymmetric ciphertext needs ``key_id`` and the algorithm it was made with."""
        algorithm = algorithm or specs.SYMMETRIC_DEFAULT
        if key_id is not None:
            with self._using(ctx, key_id, cross_account=True) as key:
                self._check_encryption_key(key, algorithm, operation)
                if key.symmetric:
                    sealed = ciphertext.parse(blob)
                    if sealed.key_arn != key.arn:
                        raise errors.incorrect_key()
                    if dry_run:
                        raise errors.dry_run()
                    return key.arn, self._unsealed(key, sealed, context), algorithm, sealed.material_id
                if context:
                    raise errors.validation("EncryptionContext is not supported for asymmetric KMS keys.")
                if dry_run:
                    raise errors.dry_run()
                return key.arn, asymmetric.rsa_decrypt(key.current.secret, algorithm, blob), algorithm, None
        sealed = ciphertext.parse(blob)
        with self._using(ctx, sealed.key_arn, cross_account=True) as key:
            self._check_encryption_key(key, algorithm, operation)
            if dry_run:
                raise errors.dry_run()
            return key.arn, self._unsealed(key, sealed, context), algorithm, sealed.material_id

    @staticmethod
    def _unsealed(key, sealed, context) -> bytes:
        version = key.material(sealed.material_id)
        if version is None:
            raise errors.invalid_ciphertext()
        return ciphertext.open_sealed(sealed, version, context)

    def _check_encryption_key(self, key, algorithm: str, operation: str) -> None:
        self._require_state(key)
        self._require_usage(key, specs.ENCRYPT_DECRYPT, operation)
        if algorithm not in specs.algorithms(key.spec, key.usage).get("EncryptionAlgorithms", ()):
            raise errors.incompatible_algorithm(algorithm, key.spec)

    def _check_data_key_key(self, key, operation: str) -> None:
        """Data keys are encrypted only under symmetric encryption keys."""
        self._require_state(key)
        self._require_usage(key, specs.ENCRYPT_DECRYPT, operation)
        if not key.symmetric:
            raise AWSError("InvalidKeyUsageException",
                           f"{key.arn} key spec is {key.spec} which is not valid for {operation}.")

    # -- operations ---------------------------------------------------------------------
    def encrypt(self, ctx, params) -> dict:
        arn, blob, algorithm, _ = self.seal(ctx, params["KeyId"], params["Plaintext"],
                                            params.get("EncryptionContext"), params.get("EncryptionAlgorithm"),
                                            "Encrypt", bool(params.get("DryRun")))
        return {"CiphertextBlob": blob, "KeyId": arn, "EncryptionAlgorithm": algorithm}

    def decrypt(self, ctx, params) -> dict:
        _no_recipient(params)
        arn, plaintext, algorithm, material_id = self.unseal(
            ctx, params["CiphertextBlob"], params.get("EncryptionContext"), params.get("KeyId"),
            params.get("EncryptionAlgorithm"), "Decrypt", bool(params.get("DryRun")))
        out = {"KeyId": arn, "Plaintext": plaintext, "EncryptionAlgorithm": algorithm}
        if material_id:
            out["KeyMaterialId"] = material_id
        return out

    def re_encrypt(self, ctx, params) -> dict:
        dry_run = bool(params.get("DryRun"))
        source_arn, plaintext, source_algorithm, source_material = self.unseal(
            ctx, params["CiphertextBlob"], params.get("SourceEncryptionContext"), params.get("SourceKeyId"),
            params.get("SourceEncryptionAlgorithm"), "ReEncryptFrom")
        arn, blob, algorithm, material_id = self.seal(
            ctx, params["DestinationKeyId"], plaintext, params.get("DestinationEncryptionContext"),
            params.get("DestinationEncryptionAlgorithm"), "ReEncryptTo", dry_run)
        out = {"CiphertextBlob": blob, "SourceKeyId": source_arn, "KeyId": arn,
               "SourceEncryptionAlgorithm": source_algorithm, "DestinationEncryptionAlgorithm": algorithm}
        if source_material:
            out["SourceKeyMaterialId"] = source_material
        if material_id:
            out["DestinationKeyMaterialId"] = material_id
        return out

    def _data_key(self, ctx, params, operation: str) -> dict:
        spec, size = params.get("KeySpec"), params.get("NumberOfBytes")
        if (spec is None) == (size is None):
            raise errors.validation("Please specify either number of bytes or key spec.")
        data_key = secrets.token_bytes(_DATA_KEY_BYTES[spec] if spec else size)
        arn, blob, _, material_id = self.seal(ctx, params["KeyId"], data_key, params.get("EncryptionContext"),
                                              None, operation, bool(params.get("DryRun")), data_key=True)
        return {"CiphertextBlob": blob, "Plaintext": data_key, "KeyId": arn, "KeyMaterialId": material_id}

    def generate_data_key(self, ctx, params) -> dict:
        _no_recipient(params)
        return self._data_key(ctx, params, "GenerateDataKey")

    def generate_data_key_without_plaintext(self, ctx, params) -> dict:
        out = self._data_key(ctx, params, "GenerateDataKeyWithoutPlaintext")
        del out["Plaintext"]
        return out

    def _data_key_pair(self, ctx, params, operation: str) -> dict:
        pair_spec = params["KeyPairSpec"]
        if pair_spec not in specs.DATA_KEY_PAIR_SPECS:
            raise errors.unsupported(f"KeyPairSpec {pair_spec} is not supported in this Region.")
        # Checked before the (slow, for RSA) key pair is generated.
        with self._using(ctx, params["KeyId"], cross_account=True, create_managed=True) as key:
            self._check_data_key_key(key, operation)
        if params.get("DryRun"):
            raise errors.dry_run()
        private, public = material.data_key_pair(pair_spec)
        arn, blob, _, material_id = self.seal(ctx, params["KeyId"], private, params.get("EncryptionContext"),
                                              None, operation, data_key=True)
        return {"PrivateKeyCiphertextBlob": blob, "PrivateKeyPlaintext": private, "PublicKey": public,
                "KeyId": arn, "KeyPairSpec": pair_spec, "KeyMaterialId": material_id}

    def generate_data_key_pair(self, ctx, params) -> dict:
        _no_recipient(params)
        return self._data_key_pair(ctx, params, "GenerateDataKeyPair")

    def generate_data_key_pair_without_plaintext(self, ctx, params) -> dict:
        out = self._data_key_pair(ctx, params, "GenerateDataKeyPairWithoutPlaintext")
        del out["PrivateKeyPlaintext"]
        return out

    def generate_random(self, ctx, params) -> dict:
        _no_recipient(params)
        store_id = params.get("CustomKeyStoreId")
        if store_id:
            raise AWSError("CustomKeyStoreNotFoundException",
                           f"Custom key store {store_id} does not exist in this account and Region.")
        size = params.get("NumberOfBytes")
        if size is None:
            raise errors.validation("Please specify either number of bytes or key spec.")
        return {"Plaintext": secrets.token_bytes(size)}


def _no_recipient(params: dict) -> None:
    # Only an attestation document signed by the Nitro PKI is accepted; none reaches an emulator.
    if params.get("Recipient"):
        raise errors.validation("The attestation document in the Recipient parameter is not valid.")

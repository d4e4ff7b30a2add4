"""Layer uploads and the availability checks that read them."""
import hashlib

import pytest

from ecr_support import ACCOUNT, REGION, error_of


@pytest.fixture
def repo(ecr):
    ecr.create_repository(repositoryName="layers")
    return "layers"


def test_upload_in_parts_then_check_and_download(ecr, repo):
    blob = b"layer-bytes" * 10
    digest = "sha256:" + hashlib.sha256(blob).hexdigest()
    started = ecr.initiate_layer_upload(repositoryName=repo)
    upload = started["uploadId"]
    assert started["partSize"] > 0
    assert ecr.upload_layer_part(repositoryName=repo, uploadId=upload, partFirstByte=0, partLastByte=49,
                                 layerPartBlob=blob[:50])["lastByteReceived"] == 49
    assert ecr.upload_layer_part(repositoryName=repo, uploadId=upload, partFirstByte=50,
                                 partLastByte=len(blob) - 1, layerPartBlob=blob[50:])["lastByteReceived"] == 109
    done = ecr.complete_layer_upload(repositoryName=repo, uploadId=upload, layerDigests=[digest])
    assert (done["layerDigest"], done["registryId"]) == (digest, ACCOUNT)
    missing = "sha256:" + "9" * 64
    out = ecr.batch_check_layer_availability(repositoryName=repo, layerDigests=[digest, missing])
    assert out["layers"] == [{"layerDigest": digest, "layerAvailability": "AVAILABLE", "layerSize": 110,
                              "mediaType": "application/vnd.docker.image.rootfs.diff.tar.gzip"}]
    assert out["failures"] == [{"layerDigest": missing, "failureCode": "MissingLayerDigest",
                                "failureReason": "Could not find layer"}]
    url = ecr.get_download_url_for_layer(repositoryName=repo, layerDigest=digest)
    assert url["downloadUrl"] == f"https://{ACCOUNT}.dkr.ecr.{REGION}.amazonaws.com/v2/{repo}/blobs/{digest}"
    with pytest.raises(ecr.exceptions.LayersNotFoundException):
        ecr.get_download_url_for_layer(repositoryName=repo, layerDigest=missing)


def test_upload_errors(ecr, repo):
    with pytest.raises(ecr.exceptions.UploadNotFoundException):
        ecr.upload_layer_part(repositoryName=repo, uploadId="00000000-0000-0000-0000-000000000000", partFirstByte=0, partLastByte=0,
                              layerPartBlob=b"x")
    upload = ecr.initiate_layer_upload(repositoryName=repo)["uploadId"]
    with pytest.raises(ecr.exceptions.EmptyUploadException):
        ecr.complete_layer_upload(repositoryName=repo, uploadId=upload, layerDigests=["sha256:" + "0" * 64])
    with pytest.raises(ecr.exceptions.InvalidLayerPartException):
        ecr.upload_layer_part(repositoryName=repo, uploadId=upload, partFirstByte=5, partLastByte=5,
                              layerPartBlob=b"x")
    ecr.upload_layer_part(repositoryName=repo, uploadId=upload, partFirstByte=0, partLastByte=0, layerPartBlob=b"x")
    with pytest.raises(ecr.exceptions.InvalidLayerException) as exc:
        ecr.complete_layer_upload(repositoryName=repo, uploadId=upload, layerDigests=["sha256:" + "0" * 64])
    assert error_of(exc)[:2] == ("InvalidLayerException", 400)
    good = "sha256:" + hashlib.sha256(b"x").hexdigest()
    ecr.complete_layer_upload(repositoryName=repo, uploadId=upload, layerDigests=[good])
    again = ecr.initiate_layer_upload(repositoryName=repo)["uploadId"]
    ecr.upload_layer_part(repositoryName=repo, uploadId=again, partFirstByte=0, partLastByte=0, layerPartBlob=b"x")
    with pytest.raises(ecr.exceptions.LayerAlreadyExistsException):
        ecr.complete_layer_upload(repositoryName=repo, uploadId=again, layerDigests=[good])

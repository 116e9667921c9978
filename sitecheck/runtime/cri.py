"""The one CRI call the checks need, PullImage, as the kubelet makes it: gRPC over
containerd's socket, the request encoded by hand (two nested strings), so no generated CRI
code is needed."""

from __future__ import annotations

from pathlib import Path

METHOD = "/runtime.v1.ImageService/PullImage"


def _field(number: int, payload: bytes) -> bytes:
    """A length-delimited protobuf field."""
    length, size = b"", len(payload)
    while True:
        byte, size = size & 0x7F, size >> 7
        length += bytes([byte | (0x80 if size else 0)])
        if not size:
            break
    return bytes([number << 3 | 2]) + length + payload


def pull_request(image: str) -> bytes:
    """PullImageRequest{image: ImageSpec{image: <image>}}."""
    return _field(1, _field(1, image.encode()))


def pull_image(socket: Path, image: str, timeout: float = 120) -> tuple[str, str]:
    """('OK', image ref) or (gRPC status name, details)."""
    import grpc

    with grpc.insecure_channel(f"unix://{socket}") as channel:
        call = channel.unary_unary(METHOD, request_serializer=None, response_deserializer=None)
        try:
            answer = call(pull_request(image), timeout=timeout)
        except grpc.RpcError as error:
            return error.code().name, error.details() or ""
    return "OK", answer[2:].decode(errors="replace")

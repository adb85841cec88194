# One image for every Nagrik service; each Deployment picks its module: `python -m nagrik_<service>`.
# Installs the projects as requirements.txt does (editable, from this tree), without the test tools, the
# local fakes or the developer tooling. Untested: the repository's machines have no container engine.
FROM python:3.11-slim

ENV PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

# Optional: an extra package index for torch, e.g. PyTorch's CPU-only wheel index; without one, pip takes
# torch from PyPI, which on Linux x86_64 brings the CUDA libraries too (gigabytes the ocr service never uses).
ARG PIP_EXTRA_INDEX_URL

WORKDIR /app

# The OCR engine's torch first, pinned as in requirements.txt: the largest layer, and the one that changes least.
RUN pip install torch==2.14.1 torchvision==0.29.1

COPY libs ./libs
COPY catalog ./catalog
COPY services ./services

RUN pip install \
      -e ./libs/contracts \
      -e ./libs/kit \
      -e ./libs/documents \
      -e ./catalog \
      -e ./services/gateway \
      -e ./services/conversation \
      -e ./services/notifications \
      -e ./services/applications \
      -e ./services/payments \
      -e "./services/ocr[engine]" \
      -e ./services/analytics \
      torch==2.14.1 torchvision==0.29.1

# Not root. HOME is /tmp, the one writable place when the root filesystem is read-only (deploy/k8s mounts
# an emptyDir there).
RUN useradd --uid 10001 --user-group --home-dir /tmp --no-create-home --shell /usr/sbin/nologin nagrik
USER 10001

EXPOSE 8000-8006
# Overridden per service by the Kubernetes manifests.
CMD ["python", "-m", "nagrik_gateway"]

"""The JSON API: one router per app, under /api/ (spec at /api/openapi.json, docs at /api/docs)."""

from __future__ import annotations

from ninja import NinjaAPI

from sciencecity.registry.api import router as registry_router

api = NinjaAPI(
    title="Science City API",
    version="1",
    description="The innovation map of a science and technology innovation center: facilities, instruments, "
    "organisations and achievements, each fact with its sources.",
    urls_namespace="api",
)
api.add_router("/", registry_router)

"""HTTP: certificate downloads, public verification, application status."""

from __future__ import annotations

from collections.abc import Callable

import asyncpg
from fastapi import APIRouter, HTTPException
from fastapi.responses import JSONResponse, Response

from nagrik_documents import is_genuine

from . import repository as repo


def router(pool_of: Callable[[], asyncpg.Pool], signing_key: bytes) -> APIRouter:
    routes = APIRouter()

    @routes.get("/certificates/{certificate_id}.pdf")
    async def certificate(certificate_id: str, sig: str = "") -> Response:
        # Certificate ids are guessable; only a link we signed (the one sent to the citizen) opens one.
        pdf = await repo.certificate_pdf(pool_of(), certificate_id) if is_genuine(
            certificate_id, sig, signing_key) else None
        if pdf is None:
            raise HTTPException(404, "no such certificate")
        return Response(pdf, media_type="application/pdf",
                        headers={"Content-Disposition": f'inline; filename="{certificate_id}.pdf"'})

    @routes.get("/verify/{certificate_id}")
    async def verify(certificate_id: str, sig: str = "") -> JSONResponse:
        # Nothing about the certificate is told unless the link was signed by us.
        facts = await repo.certificate_facts(pool_of(), certificate_id) if is_genuine(
            certificate_id, sig, signing_key) else None
        if facts is None:
            return JSONResponse({"genuine": False}, status_code=404)
        return JSONResponse({"genuine": True, "application_id": facts["application_id"],
                             "service": facts["service_id"], "issued_on": facts["issued_on"].isoformat()})

    @routes.get("/applications/{application_id}")
    async def application(application_id: str) -> dict:
        pool = pool_of()
        async with pool.acquire() as conn:
            app = await repo.load_application(conn, application_id)
            if app is None:
                raise HTTPException(404, "no such application")
            return {"application_id": app.application_id, "service_id": app.service_id, "status": app.status,
                    "submitted_at": app.submitted_at.isoformat(), "history": await repo.history(conn, application_id)}

    return routes

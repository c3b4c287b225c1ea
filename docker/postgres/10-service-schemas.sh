#!/bin/bash
# Runs once, when the platform database is initialised: a role and a schema per stateful service, so that each
# service owns only its own tables (recording-service's Flyway migrations run in schema "recording").
set -euo pipefail

psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
     -v recording_password="$SLUICE_RECORDING_DB_PASSWORD" \
     -v approval_password="$SLUICE_APPROVAL_DB_PASSWORD" <<'SQL'
CREATE ROLE sluice_recording LOGIN PASSWORD :'recording_password';
CREATE SCHEMA recording AUTHORIZATION sluice_recording;

CREATE ROLE sluice_approval LOGIN PASSWORD :'approval_password';
CREATE SCHEMA approval AUTHORIZATION sluice_approval;

-- Nobody but the owners creates objects in public.
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
SQL

#!/usr/bin/env bash
# Make the secrets deploy/compose.yaml reads, once, in deploy/secrets (an existing file is
# never overwritten). Back them up apart from the database (docs/backup.md): without
# encryption_key nothing stored can be read again. Needs openssl.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
umask 077
mkdir -p secrets

secret() {  # secret NAME COMMAND...: the command's output becomes secrets/NAME
  local name=$1
  shift
  if [ -e "secrets/$name" ]; then
    echo "secrets/$name finns redan; lämnas orörd." >&2
    return
  fi
  "$@" >"secrets/$name.partial"
  mv "secrets/$name.partial" "secrets/$name"
  echo "secrets/$name skapad." >&2
}

secret postgres_password openssl rand -hex 32
secret database_url printf 'postgresql://problemorienterat:%s@postgres:5432/problemorienterat\n' \
  "$(cat secrets/postgres_password)"
secret encryption_key openssl rand -base64 32
secret session_secret openssl rand -base64 32
secret metrics_token openssl rand -hex 32
secret checkpoint_signing_key openssl genpkey -algorithm ed25519

# The app runs as uid 10001, PostgreSQL's image as uid 999: each reads only its own files.
if [ "$(id -u)" = 0 ]; then
  chown 10001:10001 secrets/database_url secrets/encryption_key secrets/session_secret \
    secrets/metrics_token secrets/checkpoint_signing_key
  chown 999:999 secrets/postgres_password
fi

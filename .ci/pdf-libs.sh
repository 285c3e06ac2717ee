#!/usr/bin/env bash
# The system libraries WeasyPrint needs for the self-assessment PDF (Pango, HarfBuzz, a
# font). Installed with apt-get when missing and running as root (a fresh Debian machine,
# CI); otherwise says what to install. Never fails: the PDF tests skip, saying why.
set -u
PDF_PACKAGES="libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core"
if ldconfig -p 2>/dev/null | grep -q "libpangoft2-1.0.so.0"; then
  exit 0
fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "== Instalando las bibliotecas del PDF: $PDF_PACKAGES"
  DEBIAN_FRONTEND=noninteractive apt-get update -qq &&
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $PDF_PACKAGES >/dev/null ||
    echo "!! No se pudieron instalar las bibliotecas del PDF (las pruebas del PDF se omiten)"
else
  echo "!! Faltan las bibliotecas del PDF (WeasyPrint): instale $PDF_PACKAGES"
fi
exit 0

#!/bin/sh
# LibreOffice (headless) and pdftoppm let the tests render decks and workbooks as a customer would see
# them, and type a customer's answers into a workbook the way LibreOffice saves it. Install them when
# we can (root with apt-get, as on CI); elsewhere those tests skip and say why.
set -eu
if command -v soffice >/dev/null 2>&1 && command -v pdftoppm >/dev/null 2>&1; then exit 0; fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "setup: installing LibreOffice and poppler-utils for the rendering tests (apt-get)"
    apt-get update -qq >/dev/null || true
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
        libreoffice-calc libreoffice-impress poppler-utils >/dev/null \
        || echo "setup: LibreOffice could not be installed; its tests will be skipped" >&2
else
    echo "setup: LibreOffice is not installed; the tests that render with it will be skipped" >&2
fi

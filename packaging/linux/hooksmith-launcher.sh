#!/bin/sh
# /usr/bin/hooksmith: starts the Hooksmith build installed in /usr/lib/hooksmith.
# Qt warns and mis-decodes file names under a non-UTF-8 locale (plain "C" or "POSIX",
# common in containers and over ssh), so such a locale gets a UTF-8 character type.
case "${LC_ALL:-${LC_CTYPE:-${LANG:-}}}" in
  *.UTF-8 | *.utf8 | *.UTF8 | *.utf-8) ;;
  *) [ -z "${LC_ALL:-}" ] && export LC_CTYPE=C.UTF-8 ;;
esac
exec /usr/lib/hooksmith/hooksmith "$@"

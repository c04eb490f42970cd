#!/usr/bin/env bash
# Builds the one static library Debian 12 does not ship in a usable form for
# the static release binary (TFP_STATIC=ON): libcurl.  Debian's libcurl.a
# wants nghttp2, idn2, psl, ssh2, rtmp, gssapi, ldap, zstd and brotli, several
# without a static archive, so libcurl is built here from Debian's own source
# package (the version of the installed libcurl4-openssl-dev, with Debian's
# patches) with only what the provider uses: HTTP and HTTPS over OpenSSL,
# proxies, the threaded resolver.  No other protocol, no compression, no
# IDN/PSL/HTTP2/GSSAPI/LDAP, and no compiled-in CA path: the provider finds
# the CA bundle itself at run time (aws/client/ca_bundle.c).
#
# usage: scripts/build-static-deps.sh OUT_DIR [HOST]
# Installs into OUT_DIR/curl-<debian version>/ (include/, lib/libcurl.a,
# lib/pkgconfig/libcurl.pc) and prints that prefix as the last line of
# stdout.  A finished prefix is reused, so only the first build pays.
# HOST (a GNU triplet such as aarch64-linux-gnu) cross-compiles with
# HOST-gcc against the HOST multiarch OpenSSL (libssl-dev:arm64); the prefix
# is then OUT_DIR/curl-<debian version>-HOST.
set -euo pipefail
out=${1:?usage: $0 OUT_DIR [HOST]}
host=${2:-}
mkdir -p "$out"
out=$(cd "$out" && pwd)
jobs=${JOBS:-2}

ver=$(dpkg-query -W -f='${Version}' libcurl4-openssl-dev 2>/dev/null || true)
if [ -z "$ver" ]; then
  echo "build-static-deps: libcurl4-openssl-dev is not installed; run scripts/install-deps.sh" >&2
  exit 1
fi
prefix="$out/curl-$ver${host:+-$host}"
cross=()
if [ -n "$host" ]; then
  [[ $host =~ ^[a-z0-9_]+-linux-gnu[a-z0-9_]*$ ]] ||
    { echo "build-static-deps: HOST must be a GNU triplet such as aarch64-linux-gnu, not '$host'" >&2; exit 1; }
  command -v "$host-gcc" >/dev/null ||
    { echo "build-static-deps: $host-gcc is not installed (scripts/install-deps.sh --arm64)" >&2; exit 1; }
  [ -f "/usr/lib/$host/pkgconfig/openssl.pc" ] ||
    { echo "build-static-deps: no OpenSSL for $host (/usr/lib/$host/pkgconfig/openssl.pc; libssl-dev for that architecture)" >&2; exit 1; }
  cross=(--host="$host" CC="$host-gcc" PKG_CONFIG=pkg-config
         PKG_CONFIG_LIBDIR="/usr/lib/$host/pkgconfig:/usr/share/pkgconfig")
fi
if [ -f "$prefix/.complete" ]; then
  echo "$prefix"
  exit 0
fi

src="$out/src-curl-$ver${host:+-$host}"
log="$out/curl-$ver${host:+-$host}.log"
rm -rf "$src" "$prefix"
mkdir -p "$src"
echo "build-static-deps: building static libcurl $ver${host:+ for $host} from Debian's source package (log: $log)" >&2
if ! (cd "$src" && apt-get source -qq --download-only "curl=$ver" &&
      dpkg-source -x "curl_${ver#*:}.dsc" tree) >"$log" 2>&1; then
  echo "build-static-deps: cannot get Debian's curl $ver source package (it needs a" \
       "deb-src entry and dpkg-dev: run scripts/install-deps.sh); see $log" >&2
  exit 1
fi
tree="$src/tree"
# Debian builds its OpenSSL flavour with the last two patches of the series
# (the GnuTLS and NSS flavours' renames) popped; do the same.
series="$tree/debian/patches/series"
for p in $(grep -v '^#' "$series" | grep . | tail -n 2 | tac); do
  case "$p" in
    *gnutls*|*nss*) patch -d "$tree" -R -p1 -s <"$tree/debian/patches/$p" >>"$log" 2>&1 ;;
  esac
done

flags="-O2 -fstack-protector-strong -ffunction-sections -fdata-sections"
(
  cd "$tree"
  ./configure --prefix="$prefix" --disable-shared --enable-static --with-pic=no \
    --disable-maintainer-mode --disable-dependency-tracking \
    --with-openssl --disable-openssl-auto-load-config \
    --without-ca-bundle --without-ca-path --without-ca-fallback \
    --enable-http --enable-proxy --enable-ipv6 --enable-threaded-resolver --disable-ares \
    --disable-ftp --disable-file --disable-ldap --disable-ldaps --disable-rtsp \
    --disable-dict --disable-telnet --disable-tftp --disable-pop3 --disable-imap \
    --disable-smb --disable-smtp --disable-gopher --disable-mqtt --disable-websockets \
    --disable-crypto-auth --disable-ntlm --disable-ntlm-wb --disable-tls-srp \
    --disable-unix-sockets --disable-cookies --disable-doh --disable-mime --disable-netrc \
    --disable-alt-svc --disable-hsts --disable-headers-api --disable-get-easy-options \
    --disable-libcurl-option --disable-manual --disable-progress-meter \
    --without-zlib --without-brotli --without-zstd --without-libidn2 --without-libpsl \
    --without-nghttp2 --without-ngtcp2 --without-nghttp3 --without-quiche --without-msh3 \
    --without-libssh2 --without-libssh --without-librtmp --without-gssapi --without-libgsasl \
    --without-hyper \
    CFLAGS="$flags" CPPFLAGS="-D_FORTIFY_SOURCE=2" ${cross[@]+"${cross[@]}"}
  make -C lib -j"$jobs"
  make -C lib install-libLTLIBRARIES
  make -C include install
  make install-pkgconfigDATA
) >>"$log" 2>&1 || { echo "build-static-deps: building libcurl failed; the end of $log:" >&2; tail -n 30 "$log" >&2; exit 1; }
rm -rf "$src"
touch "$prefix/.complete"
echo "build-static-deps: libcurl $ver installed in $prefix" >&2
echo "$prefix"

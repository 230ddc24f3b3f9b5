# demo-exporter in an image that holds nothing but the exporter.
#
#   docker build -t demo-exporter .
#   docker run --rm -p 9121:9121 demo-exporter
#
# Stage 1 builds a fully static binary (glibc with crt-static, by the same
# script CI checks); stage 2 is `scratch` with that one file, run as an
# unprivileged user.
FROM rust:1-bookworm AS build
WORKDIR /src
COPY . .
RUN bash scripts/build-static.sh > /tmp/binary && cp "$(cat /tmp/binary)" /demo-exporter

FROM scratch
COPY --from=build /demo-exporter /demo-exporter
# nobody:nogroup; scratch has no /etc/passwd, so numeric ids.
USER 65534:65534
EXPOSE 9121
ENTRYPOINT ["/demo-exporter"]

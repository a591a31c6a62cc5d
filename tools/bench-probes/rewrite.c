/*
 * Benchmark probe: a hand-written C rewrite of a version-1 migration stream into big-endian
 * records, file to file, for tools/bench when ../shared/perf/le2be.c (the baseline) is
 * not there. Written from FORMATS.md section 1, independently of xsconvert, and doing what
 * `xsconvert convert IN --to binary --byte-order big -o OUT` does for such a stream: every
 * record's fields checked to fit its len, integers rewritten big-endian by the record's layout,
 * strings and data copied, each record padded with zeros to 8 with the padded len, END, a
 * temporary file synced and renamed into place, the directory synced. It reads 1 MiB at a time
 * and writes the records it completed (flat memory). Data xsconvert would refuse or lose
 * (version 2 records, a unique-id, fields past len, a string without its NUL) exits 65.
 *
 * usage: rewrite IN OUT          build: cc -O2 -o rewrite rewrite.c
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int swap_input; /* the input's records are little-endian: every integer is swapped */

static uint16_t get16(const uint8_t *p) { uint16_t v; memcpy(&v, p, 2); return swap_input ? v : __builtin_bswap16(v); }
static uint32_t get32(const uint8_t *p) { uint32_t v; memcpy(&v, p, 4); return swap_input ? v : __builtin_bswap32(v); }
static void put16(uint8_t *p, uint16_t v) { v = __builtin_bswap16(v); memcpy(p, &v, 2); }
static void put32(uint8_t *p, uint32_t v) { v = __builtin_bswap32(v); memcpy(p, &v, 4); }

static void fail(const char *what, size_t at) {
    fprintf(stderr, "rewrite: %s at byte %zu\n", what, at);
    exit(65);
}

/* One record body of `len` bytes at `in` into `out`; returns the bytes of fields written. */
static size_t record(uint32_t type, const uint8_t *in, size_t len, uint8_t *out, size_t at) {
    switch (type) {
    case 1: case 4: /* GLOBAL_DATA, TRANSACTION_DATA: two 32-bit integers */
        if (len < 8) fail("short record", at);
        put32(out, get32(in)); put32(out + 4, get32(in + 4));
        return 8;
    case 2: { /* CONNECTION_DATA */
        if (len < 24) fail("short CONNECTION_DATA", at);
        uint16_t kind = get16(in + 4), fields = get16(in + 6), in_len = get16(in + 16), resp = get16(in + 18);
        uint32_t out_len = get32(in + 20);
        if (fields & 1) fail("unique-id (version 2)", at);
        if (resp > out_len || 24 + (size_t)in_len + out_len > len) fail("CONNECTION_DATA past len", at);
        put32(out, get32(in)); put16(out + 4, kind); put16(out + 6, fields);
        if (kind == 0) { put16(out + 8, get16(in + 8)); put16(out + 10, get16(in + 10)); put32(out + 12, get32(in + 12)); }
        else if (kind == 1) { put32(out + 8, get32(in + 8)); put32(out + 12, 0); }
        else memcpy(out + 8, in + 8, 8);
        put16(out + 16, in_len); put16(out + 18, resp); put32(out + 20, out_len);
        memcpy(out + 24, in + 24, (size_t)in_len + out_len);
        return 24 + (size_t)in_len + out_len;
    }
    case 3: { /* WATCH_DATA */
        if (len < 8) fail("short WATCH_DATA", at);
        size_t path = get16(in + 4), token = get16(in + 6);
        if (!path || !token || 8 + path + token > len || in[7 + path] || in[7 + path + token]) fail("WATCH_DATA strings", at);
        put32(out, get32(in)); put16(out + 4, (uint16_t)path); put16(out + 6, (uint16_t)token);
        memcpy(out + 8, in + 8, path + token);
        return 8 + path + token;
    }
    case 5: { /* NODE_DATA */
        if (len < 16) fail("short NODE_DATA", at);
        size_t path = get16(in + 8), value = get16(in + 10), perms = get16(in + 14);
        size_t strings = 16 + 4 * perms;
        if (!path || strings + path + value > len || in[strings + path - 1]) fail("NODE_DATA fields", at);
        for (size_t o = 0; o < 8; o += 4) put32(out + o, get32(in + o));
        for (size_t o = 8; o < 16; o += 2) put16(out + o, get16(in + o));
        for (size_t o = 16; o < strings; o += 4) { out[o] = in[o]; out[o + 1] = in[o + 1]; put16(out + o + 2, get16(in + o + 2)); }
        memcpy(out + strings, in + strings, path + value);
        return strings + path + value;
    }
    case 6: case 7: case 8:
        fail("version 2 record", at);
    }
    memcpy(out, in, len); /* a type no layout defines: opaque */
    return len;
}

int main(int argc, char **argv) {
    if (argc != 3) { fprintf(stderr, "usage: rewrite IN OUT\n"); return 64; }
    int in_fd = open(argv[1], O_RDONLY);
    if (in_fd < 0) { perror(argv[1]); return 66; }
    char temporary[4096];
    snprintf(temporary, sizeof temporary, "%s.rewrite-tmp", argv[2]);
    int out_fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (out_fd < 0) { perror(temporary); return 73; }
    size_t capacity = 1 << 20, have = 0, used = 0, base = 0;
    uint8_t *in = malloc(capacity), *out = malloc(capacity);
    int header = 1, done = 0, eof = 0;
    while (!done) {
        if (used > 0) { memmove(in, in + used, have - used); base += used; have -= used; used = 0; }
        if (have == capacity) { capacity *= 2; in = realloc(in, capacity); out = realloc(out, capacity); }
        ssize_t got = eof ? 0 : read(in_fd, in + have, capacity - have);
        if (got < 0) { if (errno == EINTR) continue; perror("read"); return 74; }
        if (got == 0) eof = 1;
        have += (size_t)got;
        size_t produced = 0;
        if (header) {
            if (have < 16) { if (eof) fail("no header", 0); continue; }
            if (memcmp(in, "xenstore\0\0\0\1", 12) || in[12] || in[13] || in[14] || in[15] > 1) fail("not a version 1 stream", 0);
            swap_input = in[15] == 0;
            memcpy(out, in, 15);
            out[15] = 1;
            used = produced = 16;
            header = 0;
        }
        while (!done && used + 8 <= have) {
            uint32_t type = get32(in + used), len = get32(in + used + 4);
            size_t padded = ((size_t)len + 7) & ~(size_t)7;
            if (used + 8 + padded > have) break;
            size_t fields = type == 0 ? 0 : record(type, in + used + 8, len, out + produced + 8, base + used);
            if (type != 0 && len - fields >= 8) fail("8 or more bytes after the fields", base + used);
            size_t length = (fields + 7) & ~(size_t)7;
            memset(out + produced + 8 + fields, 0, length - fields);
            put32(out + produced, type);
            put32(out + produced + 4, (uint32_t)length);
            produced += 8 + length;
            used += 8 + padded;
            done = type == 0;
        }
        for (size_t written = 0; written < produced;) {
            ssize_t n = write(out_fd, out + written, produced - written);
            if (n < 0) { if (errno == EINTR) continue; perror("write"); return 74; }
            written += (size_t)n;
        }
        if (!done && eof && used == 0) fail("the stream ends without END", base);
    }
    if (fsync(out_fd) != 0 || close(out_fd) != 0 || rename(temporary, argv[2]) != 0) { perror(argv[2]); return 74; }
    char directory[4096];
    snprintf(directory, sizeof directory, "%s", argv[2]);
    char *slash = strrchr(directory, '/');
    if (!slash) strcpy(directory, "."); else if (slash == directory) directory[1] = 0; else *slash = 0;
    int dir_fd = open(directory, O_RDONLY | O_DIRECTORY);
    if (dir_fd >= 0) { fsync(dir_fd); close(dir_fd); }
    return 0;
}

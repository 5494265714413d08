/* SPDX-License-Identifier: Apache-2.0 */
/*
 * sha256.c -- SHA-256 (FIPS 180-4) over a buffer in memory.  Consumes a
 * rule file's bytes; produces the "sha256:<hex>" digest every verdict
 * carries.
 *
 * Two implementations of the compression function: portable C, and on
 * x86-64 the CPU's SHA extensions (SHA-NI), chosen at run time by CPUID on
 * every call (no cached state; a CPUID costs far less than one block).
 * The digest was a fifth of loading the shipped rules in portable C (50
 * instructions a byte); SHA-NI does a block in about 130 instructions.
 * tests/unit/test_sha256.c checks both against the standard's vectors and
 * against each other at every length around the block boundaries.
 */
#include "sha256.h"

#include <stdio.h>
#include <string.h>

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define SHA256_X86 1
#include <cpuid.h>
#include <immintrin.h>
#else
#define SHA256_X86 0
#endif

static const uint32_t K[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1,
    0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3,
    0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
    0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147,
    0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
    0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
    0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
    0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
    0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2};

static inline uint32_t ror(uint32_t x, unsigned n)
{
    return (x >> n) | (x << (32 - n));
}

#define S0(x) (ror(x, 2) ^ ror(x, 13) ^ ror(x, 22))
#define S1(x) (ror(x, 6) ^ ror(x, 11) ^ ror(x, 25))
#define CH(x, y, z) ((z) ^ ((x) & ((y) ^ (z))))
#define MAJ(x, y, z) (((x) & (y)) | ((z) & ((x) | (y))))

/* One round, the eight working variables named in their turn's order, so
 * that eight rounds in a row rename them instead of moving them. */
#define ROUND(a, b, c, d, e, f, g, h, i)                                       \
    do {                                                                       \
        uint32_t t1 = (h) + S1(e) + CH(e, f, g) + K[i] + w[i];                 \
        (d) += t1;                                                             \
        (h) = t1 + S0(a) + MAJ(a, b, c);                                       \
    } while (0)

/* One 64-byte block into h, in portable C.  The message schedule is
 * computed before the rounds; the rounds run eight at a time, renaming the
 * working variables instead of moving them: about 50 instructions a byte
 * (63 with a move per round). */
static void block_c(uint32_t h[8], const unsigned char *p)
{
    uint32_t w[64];
    for (int i = 0; i < 16; i++)
        w[i] = (uint32_t)p[4 * i] << 24 | (uint32_t)p[4 * i + 1] << 16 |
               (uint32_t)p[4 * i + 2] << 8 | (uint32_t)p[4 * i + 3];
    for (int i = 16; i < 64; i++) {
        uint32_t s0 = ror(w[i - 15], 7) ^ ror(w[i - 15], 18) ^ (w[i - 15] >> 3);
        uint32_t s1 = ror(w[i - 2], 17) ^ ror(w[i - 2], 19) ^ (w[i - 2] >> 10);
        w[i] = w[i - 16] + s0 + w[i - 7] + s1;
    }
    uint32_t a = h[0], b = h[1], c = h[2], d = h[3], e = h[4], f = h[5],
             g = h[6], k = h[7];
    for (int i = 0; i < 64; i += 8) {
        ROUND(a, b, c, d, e, f, g, k, i);
        ROUND(k, a, b, c, d, e, f, g, i + 1);
        ROUND(g, k, a, b, c, d, e, f, i + 2);
        ROUND(f, g, k, a, b, c, d, e, i + 3);
        ROUND(e, f, g, k, a, b, c, d, i + 4);
        ROUND(d, e, f, g, k, a, b, c, i + 5);
        ROUND(c, d, e, f, g, k, a, b, i + 6);
        ROUND(b, c, d, e, f, g, k, a, i + 7);
    }
    h[0] += a; h[1] += b; h[2] += c; h[3] += d;
    h[4] += e; h[5] += f; h[6] += g; h[7] += k;
}

#if SHA256_X86
/* True when the CPU has the SHA extensions and SSSE3 and SSE4.1, which the
 * SHA-NI path also uses (CPUID leaf 7 EBX bit 29; leaf 1 ECX bits 9, 19). */
static bool have_shani(void)
{
    unsigned a, b, c, d;
    if (!__get_cpuid(1, &a, &b, &c, &d)) return false;
    if (!(c & (1u << 9)) || !(c & (1u << 19))) return false;
    if (__get_cpuid_max(0, NULL) < 7) return false;
    __cpuid_count(7, 0, a, b, c, d);
    return (b & (1u << 29)) != 0;
}

/*
 * n 64-byte blocks into h with the SHA instructions.  The state lives in
 * two registers as the instructions want it (ABEF and CDGH); each group of
 * four rounds adds four words of the message schedule to four constants,
 * and sha256msg1/msg2 extend the schedule four words at a time:
 * W[i] = msg2(msg1(W[i-4], W[i-3]) + (W[i-1]:W[i-2] >> 4 bytes), W[i-1]).
 */
__attribute__((target("sha,sse4.1,ssse3")))
static void blocks_shani(uint32_t h[8], const unsigned char *p, size_t n)
{
    const __m128i bswap =
        _mm_set_epi64x(0x0c0d0e0f08090a0bLL, 0x0405060700010203LL);
    __m128i t = _mm_loadu_si128((const void *)&h[0]);  /* ABCD (D high) */
    __m128i s1 = _mm_loadu_si128((const void *)&h[4]); /* EFGH */
    t = _mm_shuffle_epi32(t, 0xB1);                    /* CDAB */
    s1 = _mm_shuffle_epi32(s1, 0x1B);                  /* EFGH reversed */
    __m128i s0 = _mm_alignr_epi8(t, s1, 8);            /* ABEF */
    s1 = _mm_blend_epi16(s1, t, 0xF0);                 /* CDGH */
    for (; n; n--, p += 64) {
        __m128i save0 = s0, save1 = s1, m[4];
        for (int i = 0; i < 16; i++) {
            __m128i w;
            if (i < 4) {
                w = _mm_shuffle_epi8(_mm_loadu_si128((const void *)(p + 16 * i)),
                                     bswap);
            } else {
                w = _mm_sha256msg1_epu32(m[i & 3], m[(i + 1) & 3]);
                w = _mm_add_epi32(w, _mm_alignr_epi8(m[(i + 3) & 3],
                                                     m[(i + 2) & 3], 4));
                w = _mm_sha256msg2_epu32(w, m[(i + 3) & 3]);
            }
            m[i & 3] = w;
            __m128i k = _mm_add_epi32(w, _mm_loadu_si128((const void *)&K[4 * i]));
            s1 = _mm_sha256rnds2_epu32(s1, s0, k);
            k = _mm_shuffle_epi32(k, 0x0E);
            s0 = _mm_sha256rnds2_epu32(s0, s1, k);
        }
        s0 = _mm_add_epi32(s0, save0);
        s1 = _mm_add_epi32(s1, save1);
    }
    t = _mm_shuffle_epi32(s0, 0x1B);   /* FEBA */
    s1 = _mm_shuffle_epi32(s1, 0xB1);  /* DCHG */
    s0 = _mm_blend_epi16(t, s1, 0xF0); /* DCBA */
    s1 = _mm_alignr_epi8(s1, t, 8);    /* HGFE */
    _mm_storeu_si128((void *)&h[0], s0);
    _mm_storeu_si128((void *)&h[4], s1);
}
#endif

bool sha256_hw_available(void)
{
#if SHA256_X86
    return have_shani();
#else
    return false;
#endif
}

/* n 64-byte blocks into h, with the SHA instructions when hw. */
static void blocks(uint32_t h[8], const unsigned char *p, size_t n, bool hw)
{
#if SHA256_X86
    if (hw) {
        blocks_shani(h, p, n);
        return;
    }
#else
    (void)hw;
#endif
    for (; n; n--, p += 64) block_c(h, p);
}

void sha256_hex_with(const void *data, size_t len, char out[72], bool hw)
{
    uint32_t h[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                     0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
    const unsigned char *p = data;
    size_t n = len;
    blocks(h, p, n / 64, hw);
    p += n / 64 * 64;
    n %= 64;
    unsigned char tail[128];
    memset(tail, 0, sizeof tail);
    if (n) memcpy(tail, p, n);
    tail[n] = 0x80;
    size_t tl = n + 1 + 8 <= 64 ? 64 : 128;
    uint64_t bits = (uint64_t)len * 8;
    for (unsigned i = 0; i < 8; i++)
        tail[tl - 1 - i] = (unsigned char)(bits >> (8 * i));
    blocks(h, tail, tl / 64, hw);
    static const char hex[] = "0123456789abcdef";
    memcpy(out, "sha256:", 7);
    for (int i = 0; i < 8; i++)
        for (int j = 0; j < 8; j++)
            out[7 + 8 * i + j] = hex[(h[i] >> (28 - 4 * j)) & 0xf];
    out[71] = '\0';
}

void sha256_hex(const void *data, size_t len, char out[72])
{
    sha256_hex_with(data, len, out, sha256_hw_available());
}

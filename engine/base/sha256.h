/* SPDX-License-Identifier: Apache-2.0 */
/*
 * sha256.h -- SHA-256 (FIPS 180-4), for the digest of a rule file's text
 * that every verdict carries.
 */
#ifndef SHA256_H
#define SHA256_H

#include "remit_int.h"

/** Writes "sha256:" and 64 hex digits of the digest of data (72 bytes). */
REMIT_HIDDEN void sha256_hex(const void *data, size_t len, char out[72]);

/** True when this CPU has the SHA instructions sha256_hex uses (x86-64
 *  SHA-NI, detected at run time). */
REMIT_HIDDEN bool sha256_hw_available(void);

/** sha256_hex with the implementation chosen: the SHA instructions (hw,
 *  only when sha256_hw_available) or portable C.  For the tests. */
REMIT_HIDDEN void sha256_hex_with(const void *data, size_t len, char out[72],
                                  bool hw);

#endif

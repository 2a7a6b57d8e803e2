/* dbcsign — one flat error enum for every layer (libfido2 style).
 * Libraries return these; only cli/ turns them into messages and exit codes. */
#ifndef DBC_ERR_H
#define DBC_ERR_H

#if defined(__GNUC__)
#define DBC_WUR __attribute__((warn_unused_result))
#else
#define DBC_WUR
#endif

typedef enum {
	DBC_OK = 0,
	/* 1: verification failed / rejected */
	DBC_ERR_VERIFY = -1,          /* signature does not verify */
	DBC_ERR_PASSWORD = -2,        /* wrong password (keystore MAC failed) */
	DBC_ERR_REJECTED = -3,        /* user or device rejected */
	DBC_ERR_MISMATCH = -4,        /* key does not match the expected address/public key */
	/* 2: usage or input errors */
	DBC_ERR_INPUT = -20,          /* generic malformed input */
	DBC_ERR_HEX = -21,            /* not hex / odd length */
	DBC_ERR_LENGTH = -22,         /* wrong length */
	DBC_ERR_BASE58 = -23,         /* bad base58 character */
	DBC_ERR_SS58_CHECKSUM = -24,
	DBC_ERR_SS58_PREFIX = -25,    /* reserved / invalid / unexpected prefix */
	DBC_ERR_SS58_LENGTH = -26,
	DBC_ERR_MNEMONIC_WORD = -27,  /* word not in the English list */
	DBC_ERR_MNEMONIC_CHECKSUM = -28,
	DBC_ERR_MNEMONIC_LENGTH = -29, /* not 12/15/18/21/24 words */
	DBC_ERR_SURI = -30,           /* SURI grammar */
	DBC_ERR_SEED = -31,           /* invalid seed (length, scalar out of range) */
	DBC_ERR_SOFT_DERIVATION = -32, /* soft junction on ed25519/ecdsa */
	DBC_ERR_SCHEME = -33,         /* unknown or unsupported scheme */
	DBC_ERR_PUBKEY = -34,         /* public key does not decode */
	DBC_ERR_SIGNATURE_FORMAT = -35, /* signature has the wrong shape */
	DBC_ERR_EMPTY = -36,          /* empty input */
	DBC_ERR_TOO_LARGE = -37,
	DBC_ERR_JSON = -38,           /* malformed JSON / wrong JSON type */
	DBC_ERR_KEYSTORE = -39,       /* malformed keystore */
	DBC_ERR_UNSUPPORTED = -40,    /* recognised but not supported */
	DBC_ERR_EXISTS = -41,         /* refusing to overwrite */
	DBC_ERR_NOT_FOUND = -42,
	DBC_ERR_NAME = -43,           /* bad wallet name */
	DBC_ERR_FILE_TYPE = -44,      /* symlink / directory / not a regular file */
	DBC_ERR_SCALE = -45,          /* SCALE decode error */
	DBC_ERR_METADATA = -46,       /* metadata error */
	DBC_ERR_RANGE = -47,          /* value out of range */
	/* 3: environment, network, device */
	DBC_ERR_IO = -60,
	DBC_ERR_NOMEM = -61,
	DBC_ERR_RANDOM = -62,
	DBC_ERR_NETWORK = -63,
	DBC_ERR_TIMEOUT = -64,
	DBC_ERR_HTTP = -65,
	DBC_ERR_RPC = -66,
	DBC_ERR_DEVICE = -67,
	DBC_ERR_DEVICE_ABSENT = -68,
	DBC_ERR_DEVICE_PERMISSION = -69,
	DBC_ERR_DEVICE_UNPLUGGED = -70,
	DBC_ERR_DEVICE_PROTOCOL = -71, /* garbage, wrong channel, bad sequence, bad length */
	DBC_ERR_DEVICE_LOCKED = -72,
	DBC_ERR_DEVICE_APP = -73,      /* wrong or no app open */
	DBC_ERR_TTY = -74,             /* no terminal to ask on */
	DBC_ERR_DEVICE_BUSY = -75,     /* another process holds the device's exclusive lock */
	DBC_ERR_INTERNAL = -99
} dbc_err_t;

/* A short human sentence for the error, never NULL. */
const char *dbc_strerror(int err);

/* The exit code class: 0 ok, 1 verification/rejection, 2 input, 3 environment. */
int dbc_err_class(int err);

#endif

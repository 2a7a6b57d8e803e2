/* APDU layer and Polkadot generic-app client against the shared vectors/ledger.json:
 * "apdu_serialize"/"apdu_answer" (Zondax/ledger-rs ledger-apdu tests @ 4ed4cfdef0),
 * "bip32_path" (Zondax/ledger-js bip32.test.ts @ bb2b83e1f3 and @zondax/ledger-substrate 3.0.0),
 * "apdu_exchange*" (recorded from @zondax/ledger-substrate 3.0.0; replies synthetic except the
 * GET_ADDR keys). The client's commands must equal the recorded ones byte for byte. */
/* this program holds the software Ledger and fake HID backend (stb-style headers) */
#define LEDGER_EMU_IMPLEMENTATION
#define FAKE_HID_IMPLEMENTATION
#include <string.h>

#include "tests/unit/check.h"
#include "hw/hid_frame.h"
#include "hw/hw.h"
#include "hw/ledger.h"
#include "tests/emulator/fake_hid.h"


static uint8_t script[32][64];
static fake_hid_t f;
static dbc_hw_io_t io;

/* Frame replies (hex strings) into the script and open a device on it. */
static dbc_hw_dev_t *
scripted(const char *const *replies, size_t n)
{
	dbc_hw_dev_t *dev = NULL;
	size_t i, k = 0;

	memset(&f, 0, sizeof(f));
	for (i = 0; i < n; i++) {
		uint8_t r[400];
		uint8_t pk[DBC_HID_MAX_PACKETS][64];
		long rl = check_unhex(r, sizeof(r), replies[i]);
		size_t np = 0, j;

		if (rl < 0 || dbc_hid_frame(0x0101, r, (size_t)rl, pk, DBC_HID_MAX_PACKETS, &np) != 0)
			return NULL;
		for (j = 0; j < np && k < 32; j++)
			memcpy(script[k++], pk[j], 64);
	}
	f.script = (const uint8_t (*)[64])script;
	f.script_n = k;
	fake_hid_io(&io, &f);
	if (dbc_hw_open(&dev, &io, "/dev/hidraw-fake0") != DBC_OK)
		return NULL;
	return dev;
}

static void
check_sent(size_t i, const char *want_hex, const char *what)
{
	CHECK(i < f.napdus, "%s: APDU %zu sent", what, i);
	if (i < f.napdus)
		CHECK_HEX(f.apdus[i], f.apdulens[i], want_hex, what);
}

static void
test_vectors(const cJSON *doc)
{
	const cJSON *v;
	dbc_ledger_path_t path;

	CHECK_OK(dbc_ledger_path_make(&path, 0, 0, 0), "path 0/0/0");
	cJSON_ArrayForEach(v, cJSON_GetObjectItem(doc, "vectors")) {
		const char *kind = check_jstr(v, "kind"), *desc = check_jstr(v, "description");

		if (strcmp(kind, "apdu_serialize") == 0) {
			uint8_t d[300], a[300];
			long dl = check_unhex(d, sizeof(d), check_jstr(v, "data"));
			uint8_t cla, ins, p1, p2;
			size_t al = 0;

			(void)check_unhex(&cla, 1, check_jstr(v, "cla"));
			(void)check_unhex(&ins, 1, check_jstr(v, "ins"));
			(void)check_unhex(&p1, 1, check_jstr(v, "p1"));
			(void)check_unhex(&p2, 1, check_jstr(v, "p2"));
			CHECK_OK(dbc_apdu_build(a, sizeof(a), &al, cla, ins, p1, p2, d, (size_t)dl), "build");
			CHECK_HEX(a, al, check_jstr(v, "apdu"), "apdu_serialize");
		} else if (strcmp(kind, "apdu_answer") == 0) {
			uint8_t r[64];
			long rl = check_unhex(r, sizeof(r), check_jstr(v, "response"));
			size_t dl = 0;
			uint16_t sw = 0;

			CHECK_OK(dbc_apdu_split(r, (size_t)rl, &dl, &sw), "split");
			CHECK_HEX(r, dl, check_jstr(v, "data"), "apdu_answer data");
			CHECK(sw == 0x9000, "apdu_answer sw %04x", sw);
		} else if (strcmp(kind, "bip32_path") == 0) {
			uint8_t ser[20];
			dbc_ledger_path_t p;
			char text[64];

			if (strcmp(check_jstr(v, "path"), "m/44'/354'/0'/0'/0'") == 0) {
				p = path;
			} else { /* m/44'/461'/0/0/5: serialization of arbitrary indexes */
				p.idx[0] = 0x8000002c; p.idx[1] = 0x800001cd; p.idx[2] = 0;
				p.idx[3] = 0; p.idx[4] = 5;
			}
			dbc_ledger_path_serialize(&p, ser);
			CHECK_HEX(ser, 20, check_jstr(v, "serialized"), check_jstr(v, "path"));
			dbc_ledger_path_format(&p, text, sizeof(text));
			CHECK(strcmp(text, check_jstr(v, "path")) == 0, "format %s", text);
		} else if (strcmp(kind, "apdu_exchange") == 0) {
			const char *reply = check_jstr(v, "response");
			dbc_hw_dev_t *dev = scripted(&reply, 1);
			uint8_t apdu[64];

			CHECK(dev != NULL, "%s: scripted device", desc);
			if (dev == NULL)
				continue;
			(void)check_unhex(apdu, sizeof(apdu), check_jstr(v, "apdu"));
			if (apdu[1] == 0x00) {
				dbc_ledger_version_t ver;

				CHECK_OK(dbc_ledger_get_version(dev, 0xf9, &ver), desc);
				CHECK(ver.major == 100 && ver.minor == 0 && ver.patch == 13 && !ver.locked &&
				    !ver.test_mode && ver.target_id == 0x33100004, "version fields");
			} else if (apdu[3] == 0x00) {
				const cJSON *ss = cJSON_GetObjectItem(v, "ss58_prefix");
				uint8_t pub[DBC_PUB_MAX];
				size_t publen = 0;
				char addr[80];

				CHECK_OK(dbc_ledger_generic_address(dev, &path, DBC_ED25519,
				    (uint16_t)ss->valueint, 0, pub, &publen, addr, sizeof(addr)), desc);
				CHECK_HEX(pub, publen, "45ba94a6b068f7330138bdb2f94e4c3fb89fc8b972c62cc398bd9e97147f79cb",
				    "GET_ADDR public key");
				CHECK(strcmp(addr, ss->valueint == 42 ? "5De8b1jPECML4jHRqeHoPonvYZaSufMheRcvGyt3Fhy6xxyk" :
				    "12aRjLzT5ycoWGHwoHLoXxd5QBa6bxuqivMQSGsPonzd9MWa") == 0, "address %s", addr);
			} else {
				uint8_t pub[DBC_PUB_MAX];
				size_t publen = 0;
				char addr[80];

				CHECK(dbc_ledger_generic_address(dev, &path, DBC_ECDSA, 42, 0, pub, &publen, addr,
				    sizeof(addr)) == DBC_ERR_DEVICE_APP, "%s: 6e00 -> wrong app", desc);
				CHECK(dbc_hw_last_sw(dev) == 0x6e00, "last sw kept");
			}
			check_sent(0, check_jstr(v, "apdu"), desc);
			dbc_hw_close(&dev);
		} else if (strcmp(kind, "apdu_exchange_sequence") == 0) {
			const cJSON *ex = cJSON_GetObjectItem(v, "exchanges"), *e;
			const char *replies[8];
			size_t n = 0, i;
			dbc_hw_dev_t *dev;
			uint8_t sig[65];

			cJSON_ArrayForEach(e, ex)
				if (n < 8)
					replies[n++] = check_jstr(e, "response");
			dev = scripted(replies, n);
			CHECK(dev != NULL, "%s: scripted device", desc);
			if (dev == NULL)
				continue;
			if (cJSON_GetObjectItem(v, "message") != NULL) {
				const char *m = check_jstr(v, "message");

				CHECK_OK(dbc_ledger_generic_sign_raw(dev, &path, DBC_ED25519,
				    (const uint8_t *)m, strlen(m), sig), desc);
				CHECK(sig[0] == 0x00 && sig[1] == 0xab && sig[64] == 0xab, "raw signature bytes");
			} else {
				static uint8_t blob[400], proof[64];
				long bl = check_unhex(blob, sizeof(blob), check_jstr(v, "blob_hex"));
				long pl = check_unhex(proof, sizeof(proof), check_jstr(v, "metadata_proof_hex"));

				CHECK_OK(dbc_ledger_generic_sign(dev, &path, DBC_ED25519, blob, (size_t)bl, proof,
				    (size_t)pl, sig), desc);
				CHECK(sig[0] == 0x00 && sig[1] == 0xcd, "sign signature bytes");
			}
			CHECK(f.napdus == n, "%s: %u APDUs", desc, f.napdus);
			i = 0;
			cJSON_ArrayForEach(e, ex)
				check_sent(i++, check_jstr(e, "apdu"), desc);
			dbc_hw_close(&dev);
		}
	}
}

static void
test_status_words(void)
{
	static const char *const unknown[] = { "1234" };
	static const char *const rejected[] = { "6986" };
	static const char *const locked[] = { "5515" };
	static const char *const invalid[] = { "496e76616c69642070617468016984" };
	static const char *const closed[] = { "6e01" };
	static const char *const bad_version[] = { "00019000" };
	static const char *const bad_addr[] = { "45ba9000" };
	dbc_ledger_version_t ver;
	dbc_ledger_path_t path;
	dbc_hw_dev_t *dev;
	uint8_t pub[DBC_PUB_MAX], sig[65];
	size_t publen;
	char addr[80];

	CHECK_OK(dbc_ledger_path_make(&path, 1, 2, 3), "path 1/2/3");
	CHECK(dbc_ledger_path_make(&path, 0x80000000u, 0, 0) == DBC_ERR_RANGE, "account >= 2^31");
	CHECK(dbc_ledger_sw_err(0x9000) == DBC_OK, "9000 ok");
	CHECK(strstr(dbc_ledger_sw_message(0x6986), "rejected on the device") != NULL, "6986 text");
	CHECK(strstr(dbc_ledger_sw_message(0x6e00), "open the Polkadot app") != NULL, "6e00 text");
	CHECK(strstr(dbc_ledger_sw_message(0x5515), "locked") != NULL, "5515 text");

	dev = scripted(unknown, 1);
	CHECK(dev != NULL && dbc_ledger_get_version(dev, 0xf9, &ver) == DBC_ERR_DEVICE_PROTOCOL,
	    "unknown status word");
	CHECK(dev != NULL && dbc_hw_last_sw(dev) == 0x1234, "unknown sw kept");
	dbc_hw_close(&dev);
	dev = scripted(rejected, 1);
	CHECK(dev != NULL && dbc_ledger_generic_address(dev, &path, DBC_ED25519, 42, 1, pub, &publen,
	    addr, sizeof(addr)) == DBC_ERR_REJECTED, "user rejection");
	dbc_hw_close(&dev);
	dev = scripted(locked, 1);
	CHECK(dev != NULL && dbc_ledger_get_version(dev, 0xf9, &ver) == DBC_ERR_DEVICE_LOCKED, "locked");
	dbc_hw_close(&dev);
	dev = scripted(closed, 1);
	CHECK(dev != NULL && dbc_ledger_get_version(dev, 0xf9, &ver) == DBC_ERR_DEVICE_APP, "app closed");
	dbc_hw_close(&dev);
	dev = scripted(invalid, 1);
	CHECK(dev != NULL && dbc_ledger_get_version(dev, 0xf9, &ver) == DBC_ERR_DEVICE, "6984");
	CHECK(dev != NULL && strcmp(dbc_hw_last_text(dev), "Invalid path") == 0,
	    "device text kept, control byte dropped");
	dbc_hw_close(&dev);
	dev = scripted(bad_version, 1);
	CHECK(dev != NULL && dbc_ledger_get_version(dev, 0xf9, &ver) == DBC_ERR_DEVICE_PROTOCOL,
	    "version reply of a wrong length");
	dbc_hw_close(&dev);
	dev = scripted(bad_addr, 1);
	CHECK(dev != NULL && dbc_ledger_generic_address(dev, &path, DBC_ED25519, 42, 0, pub, &publen,
	    addr, sizeof(addr)) == DBC_ERR_DEVICE_PROTOCOL, "short address reply");
	dbc_hw_close(&dev);
	/* Refusals that need no device round trip */
	dev = scripted(rejected, 1);
	CHECK(dev != NULL && dbc_ledger_generic_sign_raw(dev, &path, DBC_ED25519,
	    (const uint8_t *)"hello", 5, sig) == DBC_ERR_INPUT && f.napdus == 0,
	    "unwrapped raw message refused before sending");
	CHECK(dev != NULL && dbc_ledger_generic_address(dev, &path, DBC_SR25519, 42, 0, pub, &publen,
	    addr, sizeof(addr)) == DBC_ERR_UNSUPPORTED && f.napdus == 0, "no sr25519 on the generic app");
	dbc_hw_close(&dev);
}

int
main(void)
{
	cJSON *doc;

	check_init("test_apdu");
	test_status_words();
	if ((doc = check_load_shared_json("vectors/ledger.json")) == NULL)
		return check_done();
	test_vectors(doc);
	cJSON_Delete(doc);
	return check_done();
}

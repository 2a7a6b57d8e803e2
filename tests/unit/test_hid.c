/* Ledger HID framing and transport faults.
 * Vectors: shared vectors/ledger.json — "hid_frame_command" / "hid_frame_response" from
 * LedgerHQ/ledger-live hid-framing.test.ts (npm @ledgerhq/hw-transport-node-hid-noevents 6.36.0),
 * "apdu_exchange*" packets produced with @zondax/ledger-substrate 3.0.0 over the ledgerjs framing.
 * Faults go through the fake HID backend (tests/emulator/fake_hid.h) under hw/io.h. */
/* this program holds the software Ledger and fake HID backend (stb-style headers) */
#define LEDGER_EMU_IMPLEMENTATION
#define FAKE_HID_IMPLEMENTATION
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "tests/unit/check.h"
#include "hw/hid_frame.h"
#include "hw/hw.h"
#include "hw/io.h"
#include "hw/ledger.h"
#include "tests/emulator/fake_hid.h"


static size_t
load_packets(const cJSON *arr, uint8_t out[][64], size_t cap)
{
	const cJSON *p;
	size_t n = 0;

	cJSON_ArrayForEach(p, arr) {
		if (n >= cap || !cJSON_IsString(p) || check_unhex(out[n], 64, p->valuestring) != 64)
			return 0;
		n++;
	}
	return n;
}

static void
test_command_vector(const cJSON *v)
{
	uint8_t apdu[300], want[8][64], got[DBC_HID_MAX_PACKETS][64];
	long alen = check_unhex(apdu, sizeof(apdu), check_jstr(v, "apdu"));
	size_t nwant = load_packets(cJSON_GetObjectItem(v, "packets"), want, 8), n = 0, i;

	CHECK(alen > 0 && nwant > 0, "command vector loads");
	CHECK_OK(dbc_hid_frame(0x0101, apdu, (size_t)alen, got, DBC_HID_MAX_PACKETS, &n), "frame");
	CHECK(n == nwant, "%s: %zu packets (want %zu)", check_jstr(v, "description"), n, nwant);
	for (i = 0; i < n && i < nwant; i++)
		CHECK(memcmp(got[i], want[i], 64) == 0, "%s: packet %zu", check_jstr(v, "description"), i);
}

static void
test_response_vector(const cJSON *v)
{
	uint8_t pk[8][64], want[300], buf[DBC_HW_RESP_MAX];
	size_t n = load_packets(cJSON_GetObjectItem(v, "packets"), pk, 8), i;
	long wl = check_unhex(want, sizeof(want), check_jstr(v, "response"));
	dbc_hid_rx_t rx;
	int rc = -1;

	CHECK(n > 0 && wl > 0, "response vector loads");
	dbc_hid_rx_init(&rx, 0x0101, buf, sizeof(buf));
	for (i = 0; i < n; i++) {
		rc = dbc_hid_rx_feed(&rx, pk[i], 64);
		CHECK(rc == (i + 1 == n ? 1 : 0), "%s: feed %zu -> %d", check_jstr(v, "description"), i, rc);
	}
	CHECK(rx.have == (size_t)wl && memcmp(buf, want, (size_t)wl) == 0, "%s: reassembled",
	    check_jstr(v, "description"));
}

/* Through the device handle: written reports must equal 0x00 ‖ packet, the scripted reply
 * packets must reassemble to the vector's response. */
static void
test_exchange_vector(const cJSON *v)
{
	static uint8_t req[8][64], rep[8][64];
	uint8_t apdu[300], want[300], resp[DBC_HW_RESP_MAX];
	size_t nreq = load_packets(cJSON_GetObjectItem(v, "apdu_packets"), req, 8);
	size_t nrep = load_packets(cJSON_GetObjectItem(v, "response_packets"), rep, 8), rl = 0, i;
	long al = check_unhex(apdu, sizeof(apdu), check_jstr(v, "apdu"));
	long wl = check_unhex(want, sizeof(want), check_jstr(v, "response"));
	static fake_hid_t f;
	dbc_hw_io_t io;
	dbc_hw_dev_t *dev = NULL;

	CHECK(nreq > 0 && nrep > 0 && al > 0 && wl > 0, "exchange vector loads");
	memset(&f, 0, sizeof(f));
	f.script = (const uint8_t (*)[64])rep;
	f.script_n = nrep;
	fake_hid_io(&io, &f);
	CHECK_OK(dbc_hw_open(&dev, &io, "/dev/hidraw-fake0"), "open fake");
	if (dev == NULL)
		return;
	CHECK_OK(dbc_hw_exchange(dev, apdu, (size_t)al, resp, sizeof(resp), &rl), "exchange");
	CHECK(f.nwritten == nreq, "%s: %zu reports written", check_jstr(v, "description"), f.nwritten);
	for (i = 0; i < nreq && i < f.nwritten; i++)
		CHECK(f.written[i][0] == 0x00 && memcmp(f.written[i] + 1, req[i], 64) == 0,
		    "%s: report %zu", check_jstr(v, "description"), i);
	CHECK(rl == (size_t)wl && memcmp(resp, want, rl) == 0, "%s: reply",
	    check_jstr(v, "description"));
	dbc_hw_close(&dev);
	CHECK(dev == NULL && f.opened == 0, "closed");
}

/* The 255-byte SIGN chunk of the chunked-SIGN vector frames into its 5 listed packets. */
static void
test_chunk_packets(const cJSON *v)
{
	static uint8_t want[8][64], got[DBC_HID_MAX_PACKETS][64];
	const cJSON *ex = cJSON_GetArrayItem(cJSON_GetObjectItem(v, "exchanges"), 1);
	uint8_t apdu[300];
	long al = check_unhex(apdu, sizeof(apdu), check_jstr(ex, "apdu"));
	size_t nw = load_packets(cJSON_GetObjectItem(v, "chunk1_packets"), want, 8), n = 0, i;

	CHECK(al == 255 && nw == 5, "chunk vector loads");
	CHECK_OK(dbc_hid_frame(0x0101, apdu, (size_t)al, got, DBC_HID_MAX_PACKETS, &n), "frame chunk");
	CHECK(n == nw, "chunk: %zu packets", n);
	for (i = 0; i < n && i < nw; i++)
		CHECK(memcmp(got[i], want[i], 64) == 0, "chunk packet %zu", i);
}

static int
fault_case(fake_fault_t fault, int get_addr)
{
	static const uint8_t version[] = { 0xf9, 0x00, 0x00, 0x00, 0x00 };
	static const uint8_t addr[] = { 0xf9, 0x01, 0x00, 0x00, 0x16, 0x2c, 0x00, 0x00, 0x80, 0x62,
	    0x01, 0x00, 0x80, 0x00, 0x00, 0x00, 0x80, 0x00, 0x00, 0x00, 0x80, 0x00, 0x00, 0x00,
	    0x80, 0x2a, 0x00 };
	static fake_hid_t f;
	ledger_emu_cfg_t cfg;
	ledger_emu_t *emu = NULL;
	dbc_hw_io_t io;
	dbc_hw_dev_t *dev = NULL;
	uint8_t resp[DBC_HW_RESP_MAX];
	size_t rl;
	int rc;

	memset(&cfg, 0, sizeof(cfg));
	cfg.app = EMU_GENERIC;
	if (ledger_emu_new(&emu, &cfg) != 0)
		return -1000;
	memset(&f, 0, sizeof(f));
	f.emu = emu;
	f.fault = fault;
	fake_hid_io(&io, &f);
	if ((rc = dbc_hw_open(&dev, &io, NULL)) == DBC_OK) {
		dbc_hw_set_timeout(dev, 1000);
		if (get_addr)
			rc = dbc_hw_exchange(dev, addr, sizeof(addr), resp, sizeof(resp), &rl);
		else
			rc = dbc_hw_exchange(dev, version, sizeof(version), resp, sizeof(resp), &rl);
		if (rc != DBC_OK) {
			size_t w = f.nwritten;

			/* a broken handle is not reused: same error, nothing written */
			if (dbc_hw_exchange(dev, version, sizeof(version), resp, sizeof(resp), &rl) != rc ||
			    f.nwritten != w)
				rc = -1000;
		}
		dbc_hw_close(&dev);
	}
	ledger_emu_free(&emu);
	return rc;
}

static void
test_faults(void)
{
	static const struct {
		fake_fault_t fault;
		int get_addr;
		int want;
		const char *what;
	} cases[] = {
		{ FAKE_OK, 0, DBC_OK, "healthy one-packet reply" },
		{ FAKE_OK, 1, DBC_OK, "healthy two-packet reply" },
		{ FAKE_TIMEOUT, 0, DBC_ERR_TIMEOUT, "timeout (hidapi 0)" },
		{ FAKE_TIMEOUT_SECOND, 1, DBC_ERR_TIMEOUT, "timeout after the first packet" },
		{ FAKE_UNPLUG_READ, 0, DBC_ERR_DEVICE_UNPLUGGED, "unplug (hidapi -1 on read)" },
		{ FAKE_UNPLUG_SECOND, 1, DBC_ERR_DEVICE_UNPLUGGED, "unplug mid-reply" },
		{ FAKE_UNPLUG_WRITE, 0, DBC_ERR_DEVICE_UNPLUGGED, "unplug (hidapi -1 on write)" },
		{ FAKE_SHORT, 0, DBC_ERR_DEVICE_PROTOCOL, "short frame" },
		{ FAKE_SEQ, 0, DBC_ERR_DEVICE_PROTOCOL, "first packet out of order" },
		{ FAKE_SEQ_SECOND, 1, DBC_ERR_DEVICE_PROTOCOL, "second packet repeats seq 0" },
		{ FAKE_CHANNEL, 0, DBC_ERR_DEVICE_PROTOCOL, "wrong channel" },
		{ FAKE_TAG, 0, DBC_ERR_DEVICE_PROTOCOL, "wrong tag" },
		{ FAKE_OVERSIZE, 0, DBC_ERR_DEVICE_PROTOCOL, "oversize length" },
		{ FAKE_ZERO_LENGTH, 0, DBC_ERR_DEVICE_PROTOCOL, "length without status word" },
		{ FAKE_GARBAGE, 0, DBC_ERR_DEVICE_PROTOCOL, "garbage" },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int rc = fault_case(cases[i].fault, cases[i].get_addr);

		CHECK(rc == cases[i].want, "%s: got %d (%s), want %d", cases[i].what, rc,
		    dbc_strerror(rc), cases[i].want);
	}
}

static void
test_open_errors(void)
{
	static fake_hid_t f;
	dbc_hw_io_t io;
	dbc_hw_dev_t *dev = NULL;
	dbc_hw_info_t list[4];
	size_t n = 0;

	memset(&f, 0, sizeof(f));
	fake_hid_io(&io, &f);
	f.ndevices = 2;
	CHECK_OK(dbc_hw_list(&io, list, 4, &n), "list");
	CHECK(n == 2 && strcmp(list[1].path, "/dev/hidraw-fake1") == 0, "two devices listed");
	CHECK(strcmp(dbc_hw_model_name(list[0].pid), "nano s plus") == 0, "model from pid");
	CHECK(dbc_hw_open(&dev, &io, NULL) == DBC_ERR_DEVICE && dev == NULL,
	    "two devices and no choice: refused");
	CHECK(dbc_hw_open(&dev, &io, "") == DBC_ERR_DEVICE, "empty choice is no choice");
	CHECK_OK(dbc_hw_open(&dev, &io, "/dev/hidraw-fake1"), "explicit path with two devices");
	dbc_hw_close(&dev);
	f.ndevices = (unsigned)-1;
	CHECK(dbc_hw_open(&dev, &io, NULL) == DBC_ERR_DEVICE_ABSENT, "no device");
	f.ndevices = 1;
	f.open_error = DBC_ERR_DEVICE_PERMISSION;
	CHECK(dbc_hw_open(&dev, &io, NULL) == DBC_ERR_DEVICE_PERMISSION, "permission denied");
	/* The real backend on paths that are not there / not a device. */
	CHECK(dbc_hw_open(&dev, NULL, "/nonexistent/hidraw9") == DBC_ERR_DEVICE_ABSENT,
	    "hidapi: missing path");
	CHECK(dbc_hw_open(&dev, NULL, "/dev/null") != DBC_OK && dev == NULL, "hidapi: not a hidraw");
	CHECK(dbc_hw_open(&dev, NULL, "tcp:127.0.0.1") == DBC_ERR_INPUT, "tcp spec without port");
	CHECK(dbc_hw_open(&dev, NULL, "tcp:127.0.0.1:x1") == DBC_ERR_INPUT, "tcp spec bad port");
}

static void
test_frame_edges(void)
{
	uint8_t buf[8], pkt[64], big[300];
	uint8_t pk[DBC_HID_MAX_PACKETS][64];
	dbc_hid_rx_t rx;
	size_t n;

	CHECK(dbc_hid_packet_count(0) == 1 && dbc_hid_packet_count(57) == 1 &&
	    dbc_hid_packet_count(58) == 2 && dbc_hid_packet_count(260) == 5, "packet counts");
	memset(big, 0, sizeof(big));
	CHECK(dbc_hid_frame(0x0101, big, 300, pk, 5, &n) == DBC_ERR_TOO_LARGE, "too many packets");
	memset(pkt, 0, sizeof(pkt));
	pkt[0] = 1; pkt[1] = 1; pkt[2] = 5; pkt[6] = 9;
	dbc_hid_rx_init(&rx, 0x0101, buf, sizeof(buf));
	CHECK(dbc_hid_rx_feed(&rx, pkt, 64) == DBC_ERR_DEVICE_PROTOCOL, "length beyond buffer");
	pkt[6] = 2;
	dbc_hid_rx_init(&rx, 0x0101, buf, sizeof(buf));
	CHECK(dbc_hid_rx_feed(&rx, pkt, 65) == DBC_ERR_DEVICE_PROTOCOL, "65-byte report refused");
	CHECK(dbc_hid_rx_feed(&rx, pkt, 64) == 1, "2-byte reply completes");
}

/* Random packets into the reassembler: it never overruns, never claims more than it holds. */
static void
test_random_packets(void)
{
	uint8_t buf[64], pkt[64];
	uint32_t x = 0x12345678u;
	int i, j, bad = 0, done = 0;
	dbc_hid_rx_t rx;

	for (i = 0; i < 20000; i++) {
		int rc;

		if (i % 4 == 0)
			dbc_hid_rx_init(&rx, 0x0101, buf, sizeof(buf));
		for (j = 0; j < 64; j++) {
			x = x * 1103515245u + 12345u;
			pkt[j] = (uint8_t)(x >> 16);
		}
		/* half the time make the header plausible so later checks are reached */
		if (i % 2 == 0) {
			pkt[0] = 1; pkt[1] = 1; pkt[2] = 5; pkt[3] = 0; pkt[4] = (uint8_t)rx.seq;
		}
		rc = dbc_hid_rx_feed(&rx, pkt, (size_t)(i % 3 == 0 ? 64 : 64 - (i % 5)));
		if (rc == 1)
			done++;
		if (rc < DBC_ERR_DEVICE_PROTOCOL || rc > 1 || (rc < 0 && rc != DBC_ERR_DEVICE_PROTOCOL) ||
		    rx.have > rx.cap || (rx.want != 0 && rx.have > rx.want))
			bad++;
	}
	CHECK(bad == 0, "random packets: %d inconsistent states", bad);
	CHECK(done > 0, "random packets: some plausible replies complete");
}

/* Speculos TCP transport faults against a socket this test controls. */
static int
listener(int *port)
{
	struct sockaddr_in sa;
	socklen_t sl = sizeof(sa);
	int s = socket(AF_INET, SOCK_STREAM, 0);

	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (s < 0 || bind(s, (struct sockaddr *)&sa, sizeof(sa)) != 0 || listen(s, 2) != 0 ||
	    getsockname(s, (struct sockaddr *)&sa, &sl) != 0)
		return -1;
	*port = ntohs(sa.sin_port);
	return s;
}

static void
test_tcp_faults(void)
{
	static const uint8_t version[] = { 0xf9, 0x00, 0x00, 0x00, 0x00 };
	static const uint8_t huge[] = { 0xff, 0xff, 0xff, 0xff };
	static const uint8_t ok[] = { 0, 0, 0, 1, 0x42, 0x90, 0x00 };
	uint8_t resp[DBC_HW_RESP_MAX];
	char spec[64];
	dbc_hw_dev_t *dev = NULL;
	size_t rl = 0;
	int port = 0, ls = listener(&port), c;

	CHECK(ls >= 0, "listener");
	if (ls < 0)
		return;
	(void)snprintf(spec, sizeof(spec), "tcp:127.0.0.1:%d", port);
	/* connected (backlog) but never answered: the exchange's budget runs out */
	CHECK_OK(dbc_hw_open(&dev, NULL, spec), "tcp open");
	if (dev != NULL) {
		dbc_hw_set_timeout(dev, 150);
		CHECK(dbc_hw_exchange(dev, version, 5, resp, sizeof(resp), &rl) == DBC_ERR_TIMEOUT,
		    "tcp: no answer -> timeout");
		dbc_hw_close(&dev);
	}
	if ((c = accept(ls, NULL, NULL)) >= 0)
		close(c);
	/* peer closes: unplugged */
	CHECK_OK(dbc_hw_open(&dev, NULL, spec), "tcp open 2");
	if (dev != NULL && (c = accept(ls, NULL, NULL)) >= 0) {
		close(c);
		CHECK(dbc_hw_exchange(dev, version, 5, resp, sizeof(resp), &rl) ==
		    DBC_ERR_DEVICE_UNPLUGGED, "tcp: peer gone -> unplugged");
	}
	dbc_hw_close(&dev);
	/* absurd length */
	CHECK_OK(dbc_hw_open(&dev, NULL, spec), "tcp open 3");
	if (dev != NULL && (c = accept(ls, NULL, NULL)) >= 0) {
		CHECK(write(c, huge, sizeof(huge)) == (ssize_t)sizeof(huge), "write");
		CHECK(dbc_hw_exchange(dev, version, 5, resp, sizeof(resp), &rl) ==
		    DBC_ERR_DEVICE_PROTOCOL, "tcp: oversize length -> protocol error");
		close(c);
	}
	dbc_hw_close(&dev);
	/* a well-formed reply: length counts the data only, the SW follows */
	CHECK_OK(dbc_hw_open(&dev, NULL, spec), "tcp open 4");
	if (dev != NULL && (c = accept(ls, NULL, NULL)) >= 0) {
		CHECK(write(c, ok, sizeof(ok)) == (ssize_t)sizeof(ok), "write");
		CHECK(dbc_hw_exchange(dev, version, 5, resp, sizeof(resp), &rl) == DBC_OK && rl == 3 &&
		    resp[0] == 0x42 && resp[1] == 0x90 && resp[2] == 0x00, "tcp: data + SW");
		close(c);
	}
	dbc_hw_close(&dev);
	close(ls);
	CHECK(dbc_hw_open(&dev, NULL, spec) == DBC_ERR_DEVICE_ABSENT, "tcp: nothing listening");
}

int
main(void)
{
	cJSON *doc, *v;
	int ncmd = 0, nresp = 0, nex = 0;

	check_init("test_hid");
	test_faults();
	test_open_errors();
	test_frame_edges();
	test_random_packets();
	test_tcp_faults();
	if ((doc = check_load_shared_json("vectors/ledger.json")) == NULL)
		return check_done();
	cJSON_ArrayForEach(v, cJSON_GetObjectItem(doc, "vectors")) {
		const char *kind = check_jstr(v, "kind");

		if (strcmp(kind, "hid_frame_command") == 0) {
			test_command_vector(v);
			ncmd++;
		} else if (strcmp(kind, "hid_frame_response") == 0) {
			test_response_vector(v);
			nresp++;
		} else if (strcmp(kind, "apdu_exchange") == 0) {
			test_exchange_vector(v);
			nex++;
		} else if (strcmp(kind, "apdu_exchange_sequence") == 0 &&
		    cJSON_GetObjectItem(v, "chunk1_packets") != NULL) {
			test_chunk_packets(v);
		}
	}
	CHECK(ncmd == 2 && nresp == 3 && nex == 4, "vector counts %d/%d/%d", ncmd, nresp, nex);
	cJSON_Delete(doc);
	return check_done();
}

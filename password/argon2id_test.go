package password

import (
	"runtime"
	"strings"
	"testing"

	"github.com/county/emessage"
)

var _ emessage.PasswordHasher = (*Argon2id)(nil)

// fast is a cheap hasher for tests.
func fast() *Argon2id { return &Argon2id{Memory: 64, Iterations: 1, Threads: 1} }

func TestHashVerify(t *testing.T) {
	h := New()
	hash, err := h.Hash("Demo-Worker-2026!")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(hash, "$argon2id$v=19$m=19456,t=2,p=1$") {
		t.Fatalf("hash = %q, want the PHC prefix with OWASP parameters", hash)
	}
	if !h.Verify(hash, "Demo-Worker-2026!") {
		t.Error("Verify(right password) = false")
	}
	if h.Verify(hash, "Demo-Worker-2026?") {
		t.Error("Verify(wrong password) = true")
	}
	if h.NeedsRehash(hash) {
		t.Error("NeedsRehash(fresh hash) = true")
	}
}

func TestSaltIsRandom(t *testing.T) {
	h := fast()
	a, _ := h.Hash("same")
	b, _ := h.Hash("same")
	if a == b {
		t.Fatal("two hashes of the same password are equal; the salt is not random")
	}
	if !h.Verify(a, "same") || !h.Verify(b, "same") {
		t.Fatal("Verify failed")
	}
}

func TestVerifyReadsParametersFromHash(t *testing.T) {
	old := &Argon2id{Memory: 32, Iterations: 3, Threads: 2}
	hash, err := old.Hash("pässwörd")
	if err != nil {
		t.Fatal(err)
	}
	now := New()
	if !now.Verify(hash, "pässwörd") {
		t.Error("a hash made with other parameters no longer verifies")
	}
	if !now.NeedsRehash(hash) {
		t.Error("NeedsRehash(old parameters) = false")
	}
}

func TestVerifyMalformed(t *testing.T) {
	good, _ := fast().Hash("x")
	parts := strings.Split(good, "$")
	tests := map[string]string{
		"empty":          "",
		"plain text":     "x",
		"bcrypt":         "$2a$10$abcdefghijklmnopqrstuuOlD1m2sLl3W1d2YdP5qG5pZx9CHy1eW",
		"argon2i":        strings.Replace(good, "argon2id", "argon2i", 1),
		"other version":  strings.Replace(good, "v=19", "v=16", 1),
		"missing part":   strings.Join(parts[:5], "$"),
		"extra part":     good + "$x",
		"bad salt":       strings.Join([]string{"", parts[1], parts[2], parts[3], "!!!", parts[5]}, "$"),
		"bad key":        strings.Join([]string{"", parts[1], parts[2], parts[3], parts[4], "!!!"}, "$"),
		"short key":      strings.Join([]string{"", parts[1], parts[2], parts[3], parts[4], "AAAA"}, "$"),
		"zero memory":    strings.Replace(good, "m=64", "m=0", 1),
		"huge memory":    strings.Replace(good, "m=64", "m=99999999", 1),
		"zero threads":   strings.Replace(good, "p=1", "p=0", 1),
		"many threads":   strings.Replace(good, "p=1", "p=300", 1),
		"huge time":      strings.Replace(good, "t=1", "t=100000", 1),
		"params order":   strings.Replace(good, "m=64,t=1,p=1", "t=1,m=64,p=1", 1),
		"negative":       strings.Replace(good, "t=1", "t=-1", 1),
		"padded base64":  good + "=",
		"spaces":         " " + good,
		"memory/threads": strings.Replace(good, "m=64,t=1,p=1", "m=8,t=1,p=2", 1),
	}
	h := New()
	for name, hash := range tests {
		t.Run(name, func(t *testing.T) {
			if h.Verify(hash, "x") {
				t.Errorf("Verify(%q) = true, want false", hash)
			}
		})
	}
	if !h.Verify(good, "x") {
		t.Fatal("the good hash does not verify")
	}
}

func TestHashRefusesZeroParameters(t *testing.T) {
	if _, err := (&Argon2id{}).Hash("x"); err == nil {
		t.Fatal("Hash with zero parameters: no error")
	}
}

// A hash waits for a free slot: with every slot taken, Verify does not
// return until one is given back.
func TestSlotsBoundHashesAtOnce(t *testing.T) {
	h := fast()
	hash, err := h.Hash("correct horse battery staple")
	if err != nil {
		t.Fatal(err)
	}
	h.slots = make(chan struct{}, 1)
	h.slots <- struct{}{} // every slot taken
	done := make(chan bool)
	go func() { done <- h.Verify(hash, "correct horse battery staple") }()
	for range 100 {
		runtime.Gosched()
		select {
		case <-done:
			t.Fatal("Verify ran while every slot was taken")
		default:
		}
	}
	<-h.slots
	if !<-done {
		t.Fatal("Verify failed after its slot was free")
	}
	if New().slots == nil || cap(New().slots) < 2 {
		t.Fatal("New hashers are not bounded")
	}
}

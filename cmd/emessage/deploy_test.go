package main

import (
	"bufio"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/county/emessage/internal/testenv"
)

// The operator's kit in deploy/: the systemd unit passes systemd's own
// check and keeps its hardening, and the environment file example names
// every setting of serve and nothing else.

const deployDir = "../../deploy"

// TestSystemdUnit checks deploy/emessage.service with systemd-analyze
// verify (any warning fails it), with ExecStart pointed at an executable
// that exists here, and that the hardening the README promises is there.
func TestSystemdUnit(t *testing.T) {
	unit, err := os.ReadFile(filepath.Join(deployDir, "emessage.service"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"User=emessage", "ProtectSystem=strict", "ReadWritePaths=/var/lib/emessage", "NoNewPrivileges=yes",
		"Restart=on-failure", "ProtectHome=yes", "PrivateTmp=yes", "PrivateDevices=yes", "CapabilityBoundingSet=\n",
		"RestrictAddressFamilies=AF_INET AF_INET6 AF_UNIX", "SystemCallFilter=@system-service", "MemoryDenyWriteExecute=yes",
		"EnvironmentFile=/etc/emessage/emessage.env", "ExecStart=/usr/local/bin/emessage serve\n",
	} {
		if !strings.Contains(string(unit), want) {
			t.Errorf("emessage.service lacks %q", strings.TrimSpace(want))
		}
	}

	analyze, err := exec.LookPath("systemd-analyze")
	testenv.Need(t, "systemd", err == nil, "systemd-analyze is not installed (apt-get install systemd)")
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	checked := strings.Replace(string(unit), "ExecStart=/usr/local/bin/emessage", "ExecStart="+self, 1)
	path := filepath.Join(t.TempDir(), "emessage.service")
	if err := os.WriteFile(path, []byte(checked), 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(analyze, "verify", "--man=no", path).CombinedOutput()
	if err != nil || len(out) > 0 {
		t.Errorf("systemd-analyze verify: %v\n%s", err, out)
	}
}

// TestEnvironmentExample: deploy/emessage.env sets only variables that
// serve reads, and shows every one, set or commented out.
func TestEnvironmentExample(t *testing.T) {
	f, err := os.Open(filepath.Join(deployDir, "emessage.env"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	known := map[string]bool{}
	newServeFlags(&config{}).VisitAll(func(fl *flag.Flag) { known[envName(fl.Name)] = true })
	shown := map[string]bool{}
	setting := regexp.MustCompile(`^#?(EMESSAGE_[A-Z_]+)=`)
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		m := setting.FindStringSubmatch(sc.Text())
		if m == nil {
			continue
		}
		if !known[m[1]] {
			t.Errorf("emessage.env:%d: %s is no setting of emessage serve", n, m[1])
		}
		shown[m[1]] = true
	}
	for name := range known {
		if !shown[name] {
			t.Errorf("emessage.env does not show %s", name)
		}
	}
}

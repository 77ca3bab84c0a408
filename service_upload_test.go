package emessage_test

import (
	"bytes"
	"context"
	"image/png"
	"io"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/county/emessage"
	"github.com/county/emessage/internal/testrig"
	"github.com/county/emessage/internal/testrig/fixture"
)

// uploadAction is an Upload Document action from jdoe to maria, with both signed in.
func uploadAction(t *testing.T, r *testrig.Rig) (action *emessage.Message, worker, customer emessage.Actor) {
	t.Helper()
	r.MustImport(t, fixture.WithPasswords(fixture.World()))
	worker, customer = r.MustLogin(t, "jdoe", "pw"), r.MustLogin(t, "maria", "pw")
	action, err := r.Service.SendMessage(context.Background(), worker, emessage.NewMessage{CaseNumber: "B1", PersonID: "P1",
		Type: emessage.TypeAction, ActionType: emessage.ActionUploadDocument, Subject: "Pay stubs", Body: "Please upload."})
	if err != nil {
		t.Fatal(err)
	}
	return action, worker, customer
}

// mustDownload opens an upload as the worker does and returns it and its bytes.
func mustDownload(t *testing.T, r *testrig.Rig, worker emessage.Actor, messageID, uploadID string) (*emessage.Upload, []byte) {
	t.Helper()
	up, rc, err := r.Service.OpenUpload(context.Background(), worker, messageID, uploadID)
	if err != nil {
		t.Fatalf("open upload %s: %v", uploadID, err)
	}
	defer rc.Close()
	data, err := io.ReadAll(rc)
	if err != nil {
		t.Fatal(err)
	}
	return up, data
}

// TestUploadsNamedByType: whatever the customer called a file, it is kept,
// listed and downloaded under a name with its detected type's extension.
func TestUploadsNamedByType(t *testing.T) {
	testrig.ForEachDB(t, nil, func(t *testing.T, r *testrig.Rig) {
		ctx := context.Background()
		action, worker, customer := uploadAction(t, r)
		var pngData bytes.Buffer
		png.Encode(&pngData, testImage())
		_, ups, err := r.Service.CustomerUpload(ctx, customer, action.ID, []emessage.UploadFile{
			{Name: "pay-stub.html", Data: pngData.Bytes()}, {Name: "notice.svg", Data: testrig.PDF("Notice")}})
		if err != nil {
			t.Fatal(err)
		}
		// One stored before names were made so: its type's name is shown and served.
		old := emessage.Upload{PublicID: emessage.NewUploadID(t0), Filename: "old.html", ContentType: emessage.TypePNG,
			Size: int64(pngData.Len()), StorageName: ups[0].StorageName, SHA256: ups[0].SHA256, UploadedAt: t0, AccountID: customer.ID}
		if err := r.Store.Apply(ctx, &emessage.Change{Uploads: []emessage.Upload{old}, UploadsTo: action.ID}); err != nil {
			t.Fatal(err)
		}
		d, err := r.Service.MessageDetail(ctx, worker, action.ID)
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, u := range d.Uploads {
			names = append(names, u.Filename+" "+u.ContentType)
			if got, _ := mustDownload(t, r, worker, action.ID, u.PublicID); got.Filename != u.Filename {
				t.Errorf("downloaded as %q, listed as %q", got.Filename, u.Filename)
			}
		}
		want := "pay-stub.png image/png, notice.pdf application/pdf, old.png image/png"
		if got := strings.Join(names, ", "); got != want {
			t.Fatalf("uploads %s, want %s", got, want)
		}
	})
}

// TestUploadCleanPart: a phone photo with a Motion Photo after its end is
// taken, and what is stored, counted and downloaded is the photo alone;
// the audit entry says what was left out. A photo with a web page after
// its end is refused and nothing is stored.
func TestUploadCleanPart(t *testing.T) {
	testrig.ForEachDB(t, nil, func(t *testing.T, r *testrig.Rig) {
		ctx := context.Background()
		action, worker, customer := uploadAction(t, r)
		photo := jpegWithEXIF(t)
		_, _, err := r.Service.CustomerUpload(ctx, customer, action.ID, []emessage.UploadFile{
			{Name: "ok.pdf", Data: testrig.PDF("ok")}, {Name: "IMG_2.jpg", Data: append(bytes.Clone(photo), "<html><script>alert(1)</script>"...)}})
		if emessage.ErrorCode(err) != emessage.EUnsupportedType || !strings.Contains(err.Error(), "IMG_2.jpg holds a web page") {
			t.Fatalf("a photo with a web page after it: %v", err)
		}
		if ups, _ := r.Store.Uploads(ctx, action.ID); len(ups) != 0 {
			t.Fatalf("a refused upload stored %d files", len(ups))
		}
		_, ups, err := r.Service.CustomerUpload(ctx, customer, action.ID, []emessage.UploadFile{{Name: "IMG_1.jpg", Data: append(bytes.Clone(photo), motionTrailer...)}})
		if err != nil {
			t.Fatal(err)
		}
		up, data := mustDownload(t, r, worker, action.ID, ups[0].PublicID)
		if !bytes.Equal(data, photo) || up.Size != int64(len(photo)) || up.Trimmed != int64(len(motionTrailer)) {
			t.Fatalf("stored %d bytes, size %d, trimmed %d; want the photo's %d, %d trimmed", len(data), up.Size, up.Trimmed, len(photo), len(motionTrailer))
		}
		audit, err := r.Store.MessageAudit(ctx, action.ID)
		if err != nil {
			t.Fatal(err)
		}
		wantDetail := "IMG_1.jpg (" + up.PublicID + "); " + strconv.Itoa(len(motionTrailer)) + " bytes around the document left out"
		found := map[string]string{}
		for _, e := range audit {
			found[e.Action] = e.Detail + " " + e.ObjectID
		}
		if found["upload.create"] != wantDetail+" "+action.ID || found["upload.download"] != "message "+action.ID+" "+up.PublicID {
			t.Fatalf("audit %v, want upload.create %q and the download under %s", found, wantDetail, up.PublicID)
		}
	})
}

// TestUploadIDsOpaque: an upload is named by an id like a record's, never
// by the row number that counts every upload of the state.
func TestUploadIDsOpaque(t *testing.T) {
	testrig.ForEachDB(t, nil, func(t *testing.T, r *testrig.Rig) {
		ctx := context.Background()
		action, worker, customer := uploadAction(t, r)
		_, ups, err := r.Service.CustomerUpload(ctx, customer, action.ID, []emessage.UploadFile{
			{Name: "a.pdf", Data: testrig.PDF("a")}, {Name: "b.pdf", Data: testrig.PDF("b")}})
		if err != nil {
			t.Fatal(err)
		}
		opaque := regexp.MustCompile(`^[0-9A-HJKMNP-TV-Z]{26}$`)
		for _, u := range ups {
			if !opaque.MatchString(u.PublicID) {
				t.Errorf("upload id %q is not opaque", u.PublicID)
			}
			_, _, err := r.Service.OpenUpload(ctx, worker, action.ID, strconv.FormatInt(u.ID, 10))
			wantCode(t, err, emessage.ENotFound)
		}
		if ups[0].PublicID == ups[1].PublicID {
			t.Fatalf("two uploads share id %s", ups[0].PublicID)
		}
	})
}

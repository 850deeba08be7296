// The piglix-peer script format: every command and check parses to what it says, and every
// mistake is a clear error naming the line.
#include <gtest/gtest.h>

#include "piglix/spdu/codes.hpp"
#include "primitives.hpp"
#include "script.hpp"

namespace piglix::peer {
namespace {

Command one(std::string_view line) {
  auto parsed = parse_line(line, 7);
  EXPECT_TRUE(parsed) << line << ": " << (parsed ? "" : parsed.error().detail);
  EXPECT_TRUE(parsed && *parsed) << line;
  return parsed && *parsed ? **parsed : Command{};
}

std::string error_of(std::string_view line) {
  auto parsed = parse_line(line, 7);
  EXPECT_FALSE(parsed) << line << " parsed";
  return parsed ? "" : parsed.error().detail;
}

TEST(PeerScript, BlankAndCommentLinesAreNothing) {
  for (std::string_view line : {"", "   ", "# a comment", "\t# indented comment\r"}) {
    auto parsed = parse_line(line, 1);
    ASSERT_TRUE(parsed);
    EXPECT_FALSE(*parsed) << line;
  }
}

TEST(PeerScript, Payloads) {
  Command sized = one("data 64K  # a comment after");
  EXPECT_EQ(sized.verb, Verb::data);
  EXPECT_EQ(sized.line, 7u);
  EXPECT_EQ(sized.payload.kind, Payload::Kind::pattern);
  EXPECT_EQ(sized.payload.size, 65536u);
  const ByteBuffer pattern = payload_octets(sized.payload);
  ASSERT_EQ(pattern.size(), 65536u);
  EXPECT_EQ(pattern[257], 1);

  Command text = one("data text:hello # not a comment  ");
  EXPECT_EQ(payload_octets(text.payload), ByteBuffer(as_bytes("hello # not a comment").begin(),
                                                     as_bytes("hello # not a comment").end()));
  EXPECT_EQ(payload_octets(one("typed hex:60:02:01").payload), (ByteBuffer{0x60, 0x02, 0x01}));
  Command file = one("data file:/tmp/apdu.ber");
  EXPECT_EQ(file.payload.kind, Payload::Kind::file);
  EXPECT_EQ(file.payload.path, "/tmp/apdu.ber");
  EXPECT_EQ(one("data 1M").payload.size, std::size_t{1} << 20);
  EXPECT_EQ(one("release").payload.kind, Payload::Kind::none);
  EXPECT_EQ(one("abort text:bye").payload.octets.size(), 3u);
}

TEST(PeerScript, TokensSyncResyncActivitiesReasons) {
  EXPECT_EQ(one("give data,minor").tokens, spdu::token::data | spdu::token::minor_sync);
  EXPECT_EQ(one("please all").tokens, spdu::token::all);
  EXPECT_TRUE(one("sync-minor").confirm_required);
  EXPECT_FALSE(one("sync-minor no-confirm").confirm_required);
  EXPECT_FALSE(one("ack-minor").serial_number);
  EXPECT_EQ(one("ack-minor 12").serial_number, 12u);
  Command abandon = one("resync abandon");
  EXPECT_EQ(abandon.resync_type, session::ResyncType::abandon);
  Command restart = one("resync restart 4");
  EXPECT_EQ(restart.resync_type, session::ResyncType::restart);
  EXPECT_EQ(restart.serial_number, 4u);
  EXPECT_EQ(one("resync set 9").resync_type, session::ResyncType::set);
  // User data after the type (and serial number) of a resynchronization, and with its response.
  EXPECT_EQ(payload_octets(one("resync abandon text:why").payload), (ByteBuffer{'w', 'h', 'y'}));
  Command set_with_data = one("resync set 9 hex:0102");
  EXPECT_EQ(set_with_data.serial_number, 9u);
  EXPECT_EQ(payload_octets(set_with_data.payload), (ByteBuffer{1, 2}));
  Command ack = one("ack-resync");
  EXPECT_EQ(ack.verb, Verb::ack_resync);
  EXPECT_FALSE(ack.serial_number);
  EXPECT_EQ(ack.payload.kind, Payload::Kind::none);
  EXPECT_EQ(one("ack-resync 5").serial_number, 5u);
  Command ack_with_data = one("ack-resync - 10");
  EXPECT_FALSE(ack_with_data.serial_number);
  EXPECT_EQ(ack_with_data.payload.size, 10u);
  EXPECT_EQ(one("ack-resync 6 hex:ff").serial_number, 6u);
  EXPECT_EQ(payload_octets(one("accept-release text:ok").payload), (ByteBuffer{'o', 'k'}));
  EXPECT_EQ(one("refuse-release 3").payload.size, 3u);
  EXPECT_EQ(one("accept-release").payload.kind, Payload::Kind::none);
  EXPECT_EQ(payload_octets(one("activity-start a1").payload), (ByteBuffer{'a', '1'}));
  Command resume = one("activity-resume a2 a1 7");
  EXPECT_EQ(resume.verb, Verb::activity_resume);
  EXPECT_EQ(payload_octets(resume.payload), (ByteBuffer{'a', '2'}));
  EXPECT_EQ(resume.old_activity_id, (ByteBuffer{'a', '1'}));
  EXPECT_EQ(resume.serial_number, 7u);
  EXPECT_FALSE(resume.old_connection.calling_ss_user_reference);
  // Resumed from another session connection, named by its references.
  Command elsewhere =
      one("activity-resume a2 a1 7 called=hex:0102 calling=text:me common=text:c1 "
          "additional=hex:07");
  EXPECT_EQ(elsewhere.old_connection.calling_ss_user_reference, (ByteBuffer{'m', 'e'}));
  EXPECT_EQ(elsewhere.old_connection.called_ss_user_reference, (ByteBuffer{1, 2}));
  EXPECT_EQ(elsewhere.old_connection.common_reference, (ByteBuffer{'c', '1'}));
  EXPECT_EQ(elsewhere.old_connection.additional_reference_information, (ByteBuffer{7}));
  EXPECT_FALSE(
      one("activity-resume a2 a1 7 common=hex:00").old_connection.called_ss_user_reference);
  EXPECT_EQ(one("exception temporarily-unable").reason, 1);
  EXPECT_EQ(one("activity-discard 6").reason, 6);
  EXPECT_EQ(one("wait 250ms").wait, std::chrono::milliseconds(250));
  EXPECT_EQ(one("wait 2s").wait, std::chrono::milliseconds(2000));
  Command repeated = one("repeat 1000 data 64");
  EXPECT_EQ(repeated.repeat, 1000u);
  EXPECT_EQ(repeated.payload.size, 64u);
}

TEST(PeerScript, Expectations) {
  Command data = one("expect S-DATA.ind 100");
  EXPECT_EQ(data.verb, Verb::expect);
  EXPECT_EQ(data.expectation.primitive, "S-DATA.ind");
  EXPECT_EQ(data.expectation.payload->size, 100u);
  EXPECT_EQ(one("expect s-token-give.ind data").expectation.tokens, spdu::token::data);
  EXPECT_EQ(one("expect S-SYNC-MAJOR.cnf 3").expectation.serial_number, 3u);
  EXPECT_EQ(one("expect S-RELEASE.cnf refused").expectation.accepted, false);
  // A serial number or a release's result, then the user data expected with it.
  Command resync = one("expect S-RESYNCHRONIZE.ind 4 text:why");
  EXPECT_EQ(resync.expectation.serial_number, 4u);
  EXPECT_EQ(resync.expectation.payload->octets, (ByteBuffer{'w', 'h', 'y'}));
  Command released = one("expect S-RELEASE.cnf accepted 2");
  EXPECT_EQ(released.expectation.accepted, true);
  EXPECT_EQ(released.expectation.payload->size, 2u);
  EXPECT_FALSE(one("expect S-P-ABORT.ind").expectation.payload);
}

TEST(PeerScript, MistakesNameTheLineAndTheProblem) {
  EXPECT_EQ(error_of("dat 5"), "line 7: unknown command 'dat' (help lists the commands)");
  EXPECT_EQ(error_of("data"), "line 7: data: missing PAYLOAD");
  EXPECT_EQ(error_of("data 5 6"), "line 7: data: too many words");
  EXPECT_EQ(error_of("data hex:0"), "line 7: '0' is not hex octets");
  EXPECT_EQ(error_of("give dat"), "line 7: unknown token 'dat' (data, minor, major, release, all)");
  EXPECT_EQ(error_of("resync restart"), "line 7: resync: missing SERIAL");
  EXPECT_EQ(error_of("resync restart text:x"), "line 7: resync: 'text:x' is not a serial number");
  EXPECT_EQ(error_of("resync abandon 1 2"), "line 7: resync: too many words");
  EXPECT_EQ(error_of("ack-resync x"), "line 7: ack-resync: 'x' is not a serial number (or -)");
  EXPECT_EQ(error_of("ack-resync - 1 2"), "line 7: ack-resync: too many words");
  EXPECT_EQ(error_of("accept-release 1 2"), "line 7: accept-release: too many words");
  EXPECT_EQ(error_of("expect S-DATA.ind 1 2"), "line 7: expect: too many words");
  EXPECT_EQ(error_of("expect S-SYNC-MAJOR.cnf 1 2 3"), "line 7: expect: too many words");
  EXPECT_EQ(error_of("expect S-RELEASE.cnf accepted bad:1"),
            "line 7: 'bad:1' is not a payload (a size such as 100 or 64K, text:..., hex:..., "
            "file:PATH)");
  EXPECT_EQ(error_of("activity-start toolongid"),
            "line 7: activity-start: ID is 1 to 6 characters");
  EXPECT_EQ(error_of("activity-resume a2 a1"), "line 7: activity-resume: missing ID OLD-ID SERIAL");
  EXPECT_EQ(error_of("activity-resume a2 toolongid 1"),
            "line 7: activity-resume: ID and OLD-ID are 1 to 6 characters");
  EXPECT_EQ(error_of("activity-resume a2 a1 x"),
            "line 7: activity-resume: 'x' is not a serial number");
  EXPECT_EQ(error_of("activity-resume a2 a1 1 2"),
            "line 7: activity-resume: '2' is not a reference (calling=, called=, common= or "
            "additional=)");
  EXPECT_EQ(error_of("activity-resume a2 a1 1 common=x"),
            "line 7: activity-resume: common: 'x' is not text:... or hex:...");
  EXPECT_EQ(error_of("activity-resume a2 a1 1 common=hex:01 common=hex:02"),
            "line 7: activity-resume: common given twice");
  EXPECT_EQ(error_of("activity-resume a2 a1 1 calling=hex:1 called=hex:2 common=hex:3 "
                     "additional=hex:4 calling=hex:5"),
            "line 7: activity-resume: too many words");
  EXPECT_EQ(error_of("expect S-NOTHING.ind"), "line 7: expect: unknown primitive 'S-NOTHING.ind'");
  EXPECT_EQ(error_of("expect S-CONTROL-GIVE.ind 5"),
            "line 7: expect: S-CONTROL-GIVE.ind takes no check");
  EXPECT_EQ(error_of("expect S-RELEASE.cnf maybe"),
            "line 7: expect: S-RELEASE.cnf takes accepted or refused");
  EXPECT_EQ(error_of("wait 5"), "line 7: '5' is not a duration (500ms, 2s)");
  EXPECT_EQ(error_of("repeat 0 data 1"), "line 7: repeat: '0' is not a count");
  EXPECT_EQ(error_of("sync-minor maybe"), "line 7: sync-minor: the only option is no-confirm");
}

TEST(PeerScript, AWholeScriptStopsAtItsFirstError) {
  auto ok = parse_script("# demo\ndata 5\n\nexpect S-DATA.ind 5\nrelease\n");
  ASSERT_TRUE(ok);
  ASSERT_EQ(ok->size(), 3u);
  EXPECT_EQ((*ok)[1].line, 4u);
  auto bad = parse_script("data 5\ngive\nbogus\n");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().detail, "line 2: give: missing TOKENS");
}

// Names follow the event variant, so a new event cannot be printed under another's name.
TEST(PeerScript, PrimitiveNamesFollowTheEvents) {
  EXPECT_EQ(std::variant_size_v<session::Event> + 1, indication_table().size());
  EXPECT_EQ(primitive_name(session::DataIndication{}), "S-DATA.ind");
  EXPECT_EQ(primitive_name(session::ReleaseConfirm{}), "S-RELEASE.cnf");
  EXPECT_EQ(primitive_name(session::ActivityEndConfirm{}), "S-ACTIVITY-END.cnf");
  session::AbortIndication user;
  user.source = session::AbortIndication::Source::user;
  EXPECT_EQ(primitive_name(user), "S-U-ABORT.ind");
  EXPECT_EQ(primitive_name(session::AbortIndication{}), "S-P-ABORT.ind");
  for (const auto& p : indication_table()) EXPECT_EQ(find_primitive(p.name), &p);
}

TEST(PeerScript, MismatchSaysWhatDiffered) {
  auto expect = [](std::string_view line) { return one(line).expectation; };
  session::DataIndication data{ByteBuffer(10)};
  EXPECT_FALSE(mismatch(expect("expect S-DATA.ind 10"), data));
  EXPECT_EQ(mismatch(expect("expect S-DATA.ind 11"), data),
            "S-DATA.ind: expected 11 octets, got 10");
  EXPECT_EQ(mismatch(expect("expect S-DATA.ind hex:01"), data),
            "S-DATA.ind: expected the octets 01, got 00 00 00 00 00 00 00 00 00 00");
  EXPECT_EQ(mismatch(expect("expect S-SYNC-MINOR.cnf"), data),
            "expected S-SYNC-MINOR.cnf, got S-DATA.ind");
  EXPECT_EQ(mismatch(expect("expect S-TOKEN-GIVE.ind data"),
                     session::TokenGiveIndication{spdu::token::minor_sync, {}}),
            "S-TOKEN-GIVE.ind: expected the tokens data, got minor");
  EXPECT_EQ(mismatch(expect("expect S-SYNC-MAJOR.ind 2"), session::SyncMajorIndication{3, {}}),
            "S-SYNC-MAJOR.ind: expected serial number 2, got 3");
  EXPECT_EQ(mismatch(expect("expect S-RELEASE.cnf accepted"), session::ReleaseConfirm{false, {}}),
            "S-RELEASE.cnf: expected accepted, got refused");
}

}  // namespace
}  // namespace piglix::peer

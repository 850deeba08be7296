# Reads tshark's PDML of the capture and prints one line per disagreement, each naming its frame:
#   (a) a malformed frame;
#   (b) an expert item of severity warning or error inside the tpkt, cotp or ses layer;
#   (c) a frame with TCP payload without a TPKT layer followed by a COTP one, unless TCP
#       reassembles it into a later frame (checked there) or it is a TCP retransmission (under
#       load, loopback TCP resends a tail segment whose ACK was late; TCP does not pass the
#       repeated octets up again, they were decoded in the original frame). The layers come from
#       the PDML, not frame.protocols, which leaves out tpkt on the first frame of each stream;
#   (d) a COTP DT that ends a TSDU (EOT set) not followed by SES;
#   (e) a dialogue whose TCP stream lacks an SPDU it was meant to send.
# PDML nests every field inside the protocol that added it, which is what attributes an expert
# item to a layer. Prints "exempt: ..." for the one case of (d) that is Wireshark's mistake.
#   awk -v expected="NAME:CN AC ...;NAME:..." -f check.awk capture.pdml
BEGIN {
  split("0 ER 5 EX 7 PR 8 NF 9 FN 10 DN 12 RF 13 CN 14 AC 15 CDO 16 OA 21 GTC 22 GTA 29 AR " \
        "33 TD 34 RA 45 AS 48 ED 49 MIP 50 MIA 53 RS 57 AD 58 ADA 61 CD 62 CDA", w, " ")
  for (i = 1; i in w; i += 2) name[w[i]] = w[i + 1]
  # The octets packet-ses's ses_vals knows as SPDU types (tshark -G values).
  split("01 02 05 07 08 09 0a 0c 0d 0e 0f 10 15 16 19 1a 1d 21 22 29 2a 2d 30 31 32 35 39 3a 3d 3e 40",
        w, " ")
  for (i in w) known_si[w[i]] = 1
  streams = 0
}

function value_of(line, attr,    s) {
  if (!match(line, attr "=\"[^\"]*\"")) return ""
  s = substr(line, RSTART + length(attr) + 2, RLENGTH - length(attr) - 3)
  return s
}

function problem(text) {
  gsub(/&lt;/, "<", text); gsub(/&gt;/, ">", text); gsub(/&quot;/, "\"", text); gsub(/&amp;/, "\\&", text)
  print "frame " frame ": " text
  problems++
}

# The TSDU whose SES SPDUs were just read: classify them. Category 0 and 2 SPDUs share SI codes
# with category 1 ones (X.225 8.3): GT/DT 1, AB/AI 25, AA/AIA 26, MAP/AE 41, MAA/AEA 42; the
# position in the TSDU tells which, and for 41 the Sync Type Item (a MAP with activity management
# carries it, an AE never does). A 42 acknowledges the last 41 of its stream.
function end_tsdu(    i, t, kind) {
  if (dt_pending && nses == 0) {
    if (data_hex ~ /^(05|21)/ && exempt_ex_td(data_hex)) {
      print "exempt: frame " frame ": a lone " (substr(data_hex, 1, 2) == "05" ? "EX" : "TD") \
        " with user information (Wireshark's ses heuristic, see agreement.sh)"
    } else {
      problem("COTP DT ending a TSDU is not decoded as SES")
    }
  }
  for (i = 1; i <= nses; i++) {
    t = si[i]
    if (nses == 1 || i > 1 || (t != 1 && t != 2)) {
      if (i == 1 && nses == 1) kind = t == 1 ? "GT" : t == 2 ? "PT" : t == 25 ? "AB" : t == 26 ? "AA" : ""
      else if (i == 2 && (si[1] == 1 || si[1] == 2))
        kind = t == 1 ? "DT" : t == 25 ? "AI" : t == 26 ? "AIA" : ""
      else kind = ""
      if (t == 41) { kind = sti[i] ? "MAP" : "AE"; last41[stream] = kind }
      if (t == 42) kind = last41[stream] == "AE" ? "AEA" : "MAA"
      if (kind == "") kind = (t in name) ? name[t] : "SI" t
      seen[stream, kind] = 1
    }
  }
  nses = 0
  dt_pending = 0
  data_hex = ""
}

# X.225 8.3.12/8.3.13: EX and TD carry the user data in a User Information Field after the
# parameters. Wireshark's heuristic takes the octet after the parameters for another SPDU's SI.
function exempt_ex_td(hex,    li, params_end) {
  li = hex_octet(hex, 2)
  if (li == 255) params_end = 5 + hex_octet(hex, 3) * 256 + hex_octet(hex, 4)
  else params_end = 3 + li
  if (length(hex) < params_end * 2) return 0
  return !(substr(hex, params_end * 2 - 1, 2) in known_si)
}

function hex_octet(hex, n) { return index("0123456789abcdef", substr(hex, n * 2 - 1, 1)) * 16 - 16 + \
                               index("0123456789abcdef", substr(hex, n * 2, 1)) - 1 }

/^<packet>/ {
  frame = ""; layers = ""; tcp_len = 0; reassembled_later = 0; retransmission = 0; layer = ""
  nses = 0; dt_pending = 0; data_hex = ""
}
/<field name="num"/ { frame = value_of($0, "show") }
/<field name="tcp.stream"/ { stream = value_of($0, "show") }
/<field name="tcp.len"/ { tcp_len = value_of($0, "show") + 0 }
/<field name="tcp.reassembled_in"/ { reassembled_later = 1 }
/<field name="tcp.analysis.(spurious_|fast_)?retransmission"/ { retransmission = 1 }
/^  <proto name=/ {
  layer = value_of($0, "name")
  layers = layers ":" layer
  if (layer == "tpkt") end_tsdu()
  if (layer == "ses") { nses++; si[nses] = ""; sti[nses] = 0 }
  if (layer == "_ws.malformed") problem("malformed: " value_of($0, "showname"))
}
layer == "cotp" && /<field name="cotp.type"/ { cotp_dt = value_of($0, "show") == "0x0f" }
layer == "cotp" && /<field name="cotp.eot"/ { if (cotp_dt && value_of($0, "show") == "1") dt_pending = 1 }
layer == "ses" && /<field name="ses.type"/ { if (si[nses] == "") si[nses] = value_of($0, "show") + 0 }
layer == "ses" && /show="Sync Type Item"/ { sti[nses] = 1 }
# COTP hands a TSDU no heuristic takes to the data dissector (inside a "fake-field-wrapper").
/<field name="data.data"/ { data_hex = value_of($0, "value") }
/<field name="_ws.malformed"/ { problem("malformed in " layer) }
/<field name="_ws.expert.severity"/ && (layer == "tpkt" || layer == "cotp" || layer == "ses") {
  if (value_of($0, "showname") ~ /Warning|Error/) pending_expert = layer ": " value_of($0, "showname")
}
/<field name="_ws.expert.message"/ { expert_message = value_of($0, "show") }
/<\/field>/ && pending_expert != "" {
  problem("expert item, " pending_expert ": " expert_message)
  pending_expert = ""
}
/^<\/packet>/ {
  end_tsdu()
  if (tcp_len > 0 && layers !~ /:tpkt:cotp/ && !reassembled_later && !retransmission)
    problem("TCP payload not decoded as TPKT/COTP (layers " substr(layers, 2) ")")
  if (tcp_len > 0 && !(stream in data_stream)) { data_stream[stream] = streams; order[streams++] = stream }
}
END {
  n = split(expected, dialogues, ";")
  if (streams != n) {
    print "the capture has " streams " TCP streams with data, expected " n " (one per dialogue)"
    problems++
  }
  for (d = 1; d <= n; d++) {
    split(dialogues[d], part, ":")
    s = order[d - 1]
    missing = ""
    k = split(part[2], kinds, " ")
    for (j = 1; j <= k; j++) if (!((s, kinds[j]) in seen)) missing = missing " " kinds[j]
    if (missing != "") {
      print "dialogue " part[1] " (TCP stream " s "): tshark saw no" missing
      problems++
    }
  }
  exit problems > 0
}

// BingX signing: the worked examples of the venue's documentation (the key and secret it prints),
// the query actually sent, client order ids and symbol names.

#include <gtest/gtest.h>

#include "exchange/bingx/signing.hpp"

namespace hedgebot::bingx {
namespace {

constexpr const char* kDocSecret =
    "mheO6dR8ovSsxZQCOYEFCtelpuxcWGTfHw7te326y6jOwq5WpvFQ9JNljoTwBXZGv5It07m9RXSPpDQEK2w";

TEST(BingxSigning, QueryStringExampleOfTheDocumentation) {
  const Params params = {
      {"symbol", "BTC-USDT"}, {"timestamp", "1667872120843"}, {"side", "LONG"}, {"leverage", "6"}};
  EXPECT_EQ(string_to_sign(params), "symbol=BTC-USDT&timestamp=1667872120843&side=LONG&leverage=6");
  EXPECT_EQ(signature(kDocSecret, string_to_sign(params)),
            "4f581ecdb1fa09b9d6e57886b6f70cffed17f82b93399722939e49a38edec2bf");
  // Sent in the order signed, the signature last.
  EXPECT_EQ(signed_query(kDocSecret, params),
            "symbol=BTC-USDT&timestamp=1667872120843&side=LONG&leverage=6&signature="
            "4f581ecdb1fa09b9d6e57886b6f70cffed17f82b93399722939e49a38edec2bf");
}

TEST(BingxSigning, QueryPlusFormBodyExampleJoinsWithoutSeparator) {
  const Params query = {{"symbol", "BTC-USDT"}, {"timestamp", "1668159715051"}};
  const Params body = {{"side", "LONG"}, {"leverage", "6"}};
  EXPECT_EQ(string_to_sign(query, body),
            "symbol=BTC-USDT&timestamp=1668159715051side=LONG&leverage=6");
  EXPECT_EQ(signature(kDocSecret, string_to_sign(query, body)),
            "8b756b01e7a30f02e19c58a91ab01b29528694316b08a51ecb8dd072942bd47d");
}

TEST(BingxSigning, RecvWindowExample) {
  // The documentation prints another signature for this string, which does not reproduce; this
  // one is the HMAC of the string (checked with openssl dgst -sha256 -hmac).
  const Params params = {
      {"recvWindow", "0"}, {"symbol", "BTC-USDT"}, {"timestamp", "1696751141337"}};
  EXPECT_EQ(signature(kDocSecret, string_to_sign(params)),
            "f8d883609dfd31c824feb4de865b071008dedb1d461451fa70847875c8e7a7a2");
}

TEST(BingxSigning, RawValuesAreSignedAndEncodedValuesSent) {
  const Params params = {{"clientOrderID", "a b"}, {"timestamp", "1"}};
  const std::string sent = signed_query("secret", params);
  EXPECT_EQ(sent.rfind("clientOrderID=a%20b&timestamp=1&signature=", 0), 0U);
  EXPECT_EQ(sent.substr(sent.find("signature=") + 10),
            signature("secret", "clientOrderID=a b&timestamp=1"));
}

TEST(BingxSigning, ClientOrderIdsAreLowercasedOnTheWire) {
  EXPECT_EQ(wire_client_order_id("hb-BTC-202612050700-o0a"), "hb-btc-202612050700-o0a");
  EXPECT_TRUE(is_valid_client_order_id("hb-BTC-202612050700-o0a"));
  EXPECT_TRUE(is_valid_client_order_id(std::string(40, 'a')));
  EXPECT_FALSE(is_valid_client_order_id(std::string(41, 'a')));
  EXPECT_FALSE(is_valid_client_order_id(""));
  EXPECT_FALSE(is_valid_client_order_id("hb_1"));
}

TEST(BingxSigning, SymbolsInBothSpellings) {
  EXPECT_EQ(wire_symbol("BTCUSDT"), "BTC-USDT");
  EXPECT_EQ(wire_symbol("BTC-USDT"), "BTC-USDT");
  EXPECT_EQ(wire_symbol("1000PEPEUSDT"), "1000PEPE-USDT");
  EXPECT_EQ(wire_symbol("ETHUSDC"), "ETH-USDC");
  EXPECT_EQ(wire_symbol("USDT"), "");
  EXPECT_EQ(wire_symbol("btcusdt"), "");
  EXPECT_EQ(wire_symbol("BTC-"), "");
  EXPECT_EQ(wire_symbol("BTCEUR"), "");
}

}  // namespace
}  // namespace hedgebot::bingx

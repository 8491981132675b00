// WEEX contract API V3 signing: the string signed (the venue's two worked prehash examples) and
// the base64 HMAC-SHA256 of the four known-answer vectors of docs/venues/weex.md (secret
// ExampleSecretKey123), and the four ACCESS-* headers.

#include <gtest/gtest.h>

#include <map>

#include "exchange/weex/signing.hpp"

namespace hedgebot::weex {
namespace {

constexpr const char* kSecret = "ExampleSecretKey123";

std::map<std::string, std::string> as_map(const http::Headers& headers) {
  std::map<std::string, std::string> map;
  for (const auto& [name, value] : headers) map[name] = value;
  return map;
}

TEST(WeexSigning, PrehashOfAGetWithQuery) {
  EXPECT_EQ(
      prehash("1591089508404", "GET", "/api/v2/market/depth", "symbol=btcusdt_spbl&limit=20", ""),
      "1591089508404GET/api/v2/market/depth?symbol=btcusdt_spbl&limit=20");
}

TEST(WeexSigning, PrehashOfAPostAppendsTheBodyAndUppercasesTheMethod) {
  const std::string body =
      R"({"symbol":"btcusdt_spbl","quantity":"8","side":"buy","price":"1","orderType":"limit","clientOrderId":"ww#123456"})";
  EXPECT_EQ(prehash("1561022985382", "post", "/api/v2/order/order", "", body),
            "1561022985382POST/api/v2/order/order" + body);
}

TEST(WeexSigning, PrehashWithoutQueryHasNoQuestionMark) {
  EXPECT_EQ(prehash("1700000000000", "GET", "/capi/v3/account/balance", "", ""),
            "1700000000000GET/capi/v3/account/balance");
}

TEST(WeexSigning, VectorOneBalance) {
  EXPECT_EQ(signature(kSecret, "1700000000000GET/capi/v3/account/balance"),
            "iD5rRkesdBZVrT6lMS4zJAaaVu75sNm3qTIqO30b9FI=");
}

TEST(WeexSigning, VectorTwoGetWithQuery) {
  EXPECT_EQ(
      signature(kSecret, prehash("1700000000000", "GET", "/capi/v3/account/position/singlePosition",
                                 "symbol=BTCUSDT", "")),
      "bO07Fn65zteJ7iMea/PTCIRVtREMPyIpl1USL5MyUBY=");
}

TEST(WeexSigning, VectorThreePostBody) {
  const std::string body =
      R"({"symbol":"BTCUSDT","side":"SELL","positionSide":"SHORT","type":"MARKET","quantity":"0.01","newClientOrderId":"hedge-0001"})";
  EXPECT_EQ(signature(kSecret, prehash("1700000000000", "POST", "/capi/v3/order", "", body)),
            "VleWLoJPPNdTczvHCcpDVIPLWuWc7jBrKDZbLx1tnsU=");
}

TEST(WeexSigning, VectorFourDeleteWithQuery) {
  const auto headers = as_map(signed_headers("key-1", kSecret, "Pass1", 1700000000000, "DELETE",
                                             "/capi/v3/order", "origClientOrderId=hedge-0001", ""));
  ASSERT_EQ(headers.size(), 4U);
  EXPECT_EQ(headers.at("ACCESS-KEY"), "key-1");
  EXPECT_EQ(headers.at("ACCESS-TIMESTAMP"), "1700000000000");
  EXPECT_EQ(headers.at("ACCESS-PASSPHRASE"), "Pass1");
  EXPECT_EQ(headers.at("ACCESS-SIGN"), "If4Npxp02NS9MBcVgB0MTntmqzLW6ujawDRjSCkSR70=");
}

TEST(WeexSigning, ClientOrderIdAlphabetAndLength) {
  EXPECT_TRUE(is_valid_client_order_id("hedge-0001"));
  EXPECT_TRUE(is_valid_client_order_id("a.b:c/d_e-f"));
  EXPECT_TRUE(is_valid_client_order_id(std::string(36, 'x')));
  EXPECT_FALSE(is_valid_client_order_id(std::string(37, 'x')));
  EXPECT_FALSE(is_valid_client_order_id(""));
  EXPECT_FALSE(is_valid_client_order_id("ww#123456"));
  EXPECT_FALSE(is_valid_client_order_id("a b"));
}

}  // namespace
}  // namespace hedgebot::weex

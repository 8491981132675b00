#include "exchange/binance/signing.hpp"

#include <gtest/gtest.h>

namespace hedgebot::signing {
namespace {

// The signature examples Binance publishes (docs/venues/binance.md, "Signing").
const char* const kSpotSecret = "NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j";
const char* const kFuturesSecret =
    "2b5eb11e18796d12d88f13dc27dbbd02c2cc51ff7059765ed9821957d82bb4d9";

TEST(Signing, Vector1SpotQueryString) {
  EXPECT_EQ(
      binance_signature(kSpotSecret,
                        "symbol=LTCBTC&side=BUY&type=LIMIT&timeInForce=GTC&quantity=1&price=0.1&"
                        "recvWindow=5000&timestamp=1499827319559",
                        ""),
      "c8db56825ae71d6d79447849e617115f4a920fa2acdcab2b053c4b2838bd6b71");
}

TEST(Signing, Vector2QueryPlusBodyWithoutSeparator) {
  EXPECT_EQ(binance_signature(kSpotSecret, "symbol=LTCBTC&side=BUY&type=LIMIT&timeInForce=GTC",
                              "quantity=1&price=0.1&recvWindow=5000&timestamp=1499827319559"),
            "0fd168b8ddb4876a0358a8d14d0c9f3da0e9b20c5d52b2a00fcf7d1c602f9a77");
  EXPECT_EQ(binance_total_params("a=1", "b=2"), "a=1b=2");
}

TEST(Signing, Vector3PercentEncodedNonAsciiSymbol) {
  const std::string query = build_query(
      {{"symbol", "\xEF\xBC\x91\xEF\xBC\x92\xEF\xBC\x93\xEF\xBC\x94\xEF\xBC\x95\xEF\xBC\x96"},
       {"side", "BUY"},
       {"type", "LIMIT"},
       {"timeInForce", "GTC"},
       {"quantity", "1"},
       {"price", "0.1"},
       {"recvWindow", "5000"},
       {"timestamp", "1499827319559"}});
  EXPECT_EQ(query,
            "symbol=%EF%BC%91%EF%BC%92%EF%BC%93%EF%BC%94%EF%BC%95%EF%BC%96&side=BUY&type=LIMIT&"
            "timeInForce=GTC&quantity=1&price=0.1&recvWindow=5000&timestamp=1499827319559");
  EXPECT_EQ(binance_signature(kSpotSecret, query, ""),
            "e1353ec6b14d888f1164ae9af8228a3dbd508bc82eb867db8ab6046442f33ef3");
}

TEST(Signing, Vector4FuturesLimitOrder) {
  const std::string query =
      "symbol=BTCUSDT&side=BUY&type=LIMIT&quantity=1&price=9000&timeInForce=GTC&recvWindow=5000&"
      "timestamp=1591702613943";
  EXPECT_EQ(binance_signature(kFuturesSecret, query, ""),
            "3c661234138461fcc7a7d8746c6558c9842d4e10870d2ecbedf7777cad694af9");
  EXPECT_EQ(binance_signed_query(kFuturesSecret, query),
            query + "&signature=3c661234138461fcc7a7d8746c6558c9842d4e10870d2ecbedf7777cad694af9");
}

TEST(Signing, Vector5AsPrintedWithStraySpace) {
  EXPECT_EQ(binance_signature(kFuturesSecret, "symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=GTC",
                              "quantity=1&price=9000&recvWindow=5000&timestamp= 1591702613943"),
            "f9d0ae5e813ef6ccf15c2b5a434047a0181cb5a342b903b367ca6d27a66e36f2");
}

TEST(Signing, Vector5bQueryPlusBody) {
  EXPECT_EQ(binance_signature(kFuturesSecret, "symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=GTC",
                              "quantity=1&price=9000&recvWindow=5000&timestamp=1591702613943"),
            "30baaf0fab549bbeda7f5ef201898b34122da25fd23c646cac2c529aebe670a4");
}

TEST(Signing, Vector8HmacPrimitive) {
  EXPECT_EQ(hmac_sha256_hex(
                "t7T0YlFnYXk0Fx3JswQsDrViLg1Gh3DUU5Mr",
                "api_key=B2Rou0PLPpGqcU0Vu2&leverage=100&symbol=BTCUSD&timestamp=1542434791000"),
            "670e3e4aa32b243f2dedf1dafcec2fd17a440e71b05681550416507de591d908");
}

TEST(Signing, Vector9BybitGetAssembly) {
  EXPECT_EQ(bybit_string_to_sign("1658384314791", "XXXXXXXXXX", "5000",
                                 "category=option&symbol=BTC-29JUL22-25000-C"),
            "1658384314791XXXXXXXXXX5000category=option&symbol=BTC-29JUL22-25000-C");
  EXPECT_EQ(bybit_signature("bybit-test-secret-0001", "1658384314791", "XXXXXXXXXX", "5000",
                            "category=option&symbol=BTC-29JUL22-25000-C"),
            "40731919c63eac15a3b3848e7774c9d07d4f87bd04dce5c7bec6e7dacb76f2c5");
}

TEST(Signing, Vector10BybitPostAssembly) {
  EXPECT_EQ(bybit_signature("bybit-test-secret-0001", "1658385579423", "XXXXXXXXXX", "5000",
                            R"({"category": "option"})"),
            "d9a6d3330e79dcb0c83da38c2c1a5a16e251e553772ab677f7c5278a4ed54a4b");
}

TEST(Signing, PercentEncodesReservedCharacters) {
  EXPECT_EQ(percent_encode("a b&c=d/é"), "a%20b%26c%3Dd%2F%C3%A9");
  EXPECT_EQ(percent_encode("hb-eth_0007.a~"), "hb-eth_0007.a~");
}

}  // namespace
}  // namespace hedgebot::signing

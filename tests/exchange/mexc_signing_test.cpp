// MEXC contract signing: the headers and the string signed, checked against the worked vectors
// (made-up key mx0vglExampleKey, secret ExampleSecretKey123) and the Java-style value encoding.

#include <gtest/gtest.h>

#include <map>

#include "exchange/mexc/signing.hpp"

namespace hedgebot::mexc {
namespace {

constexpr const char* kKey = "mx0vglExampleKey";
constexpr const char* kSecret = "ExampleSecretKey123";
constexpr int64_t kTime = 1700000000000;

std::map<std::string, std::string> as_map(const http::Headers& headers) {
  std::map<std::string, std::string> map;
  for (const auto& [name, value] : headers) map[name] = value;
  return map;
}

TEST(MexcSigning, NoParameters) {
  const auto headers = as_map(signed_headers(kKey, kSecret, kTime, ""));
  ASSERT_EQ(headers.size(), 3U);
  EXPECT_EQ(headers.at("ApiKey"), kKey);
  EXPECT_EQ(headers.at("Request-Time"), "1700000000000");
  EXPECT_EQ(headers.at("Signature"),
            "f70944dd61d0a69ea9886a053cf25a943648ebde7e80cb2cc0cbc79ca77f4260");
}

TEST(MexcSigning, GetParametersSortedByName) {
  const std::string query =
      sorted_query({{"symbol", "BTC_USDT"}, {"page_size", "20"}, {"page_num", "1"}});
  EXPECT_EQ(query, "page_num=1&page_size=20&symbol=BTC_USDT");
  EXPECT_EQ(string_to_sign(kKey, "1700000000000", query),
            "mx0vglExampleKey1700000000000page_num=1&page_size=20&symbol=BTC_USDT");
  EXPECT_EQ(as_map(signed_headers(kKey, kSecret, kTime, query)).at("Signature"),
            "24996c7f3911969c72baf3271cf8682331ee9af53ad7eda552d3943b1ef35d38");
}

TEST(MexcSigning, GetValuesEncodedLikeJava) {
  const std::string query = sorted_query({{"symbol", "BTC_USDT"}, {"states", "3,4"}});
  EXPECT_EQ(query, "states=3%2C4&symbol=BTC_USDT");
  EXPECT_EQ(as_map(signed_headers(kKey, kSecret, kTime, query)).at("Signature"),
            "1709b1d8fbc5ca61a8177fc251da0fcdd333fc76ae7d558daf7aee0367473cfe");
}

TEST(MexcSigning, PostSignsTheBodyAsSent) {
  const std::string body =
      R"({"symbol":"BTC_USDT","vol":1,"side":3,"type":5,"openType":2,"leverage":5,)"
      R"("externalOid":"hedge-0001"})";
  EXPECT_EQ(as_map(signed_headers(kKey, kSecret, kTime, body)).at("Signature"),
            "1a0fbd8ea8a396e7bec21178260c807498bf5d978f6b9a342188e0a0e0f3a754");
  // One space more is another signature.
  EXPECT_NE(as_map(signed_headers(kKey, kSecret, kTime, body + " ")).at("Signature"),
            "1a0fbd8ea8a396e7bec21178260c807498bf5d978f6b9a342188e0a0e0f3a754");
}

TEST(MexcSigning, JavaEncodingOfSpecialCharacters) {
  EXPECT_EQ(url_encode("a b"), "a%20b");
  EXPECT_EQ(url_encode("a+b~c"), "a%2Bb%7Ec");
  EXPECT_EQ(url_encode("-_.*"), "-_.*");
  EXPECT_EQ(url_encode("\xC3\xA9"), "%C3%A9");
  EXPECT_EQ(sorted_query({{"b", ""}, {"a", "1"}}), "a=1");
  EXPECT_EQ(sorted_query({}), "");
}

TEST(MexcSigning, ExternalOidRules) {
  EXPECT_TRUE(is_valid_external_oid("hedge-0001"));
  EXPECT_TRUE(is_valid_external_oid(std::string(32, 'a')));
  EXPECT_FALSE(is_valid_external_oid(std::string(33, 'a')));
  EXPECT_FALSE(is_valid_external_oid(""));
  EXPECT_FALSE(is_valid_external_oid("a b"));
}

}  // namespace
}  // namespace hedgebot::mexc

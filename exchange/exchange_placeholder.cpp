// Replaced by the venue adapters.
namespace hedgebot::exchange_placeholder {}

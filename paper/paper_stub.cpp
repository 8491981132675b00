// Replaced by the simulator sources.
namespace hedgebot::paper_stub {}

namespace hedgebot::paper_placeholder {}

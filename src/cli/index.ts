console.log("model-registry: CLI not implemented yet");

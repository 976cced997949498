// Loopback fakes of what servers say about a model's eyes, in the real shapes
// (docs/protocol.md 4.3, 5 and 5.4):
//   Ollama      POST /api/show {"model": NAME} -> {license, modelfile, parameters, template, details,
//               model_info, capabilities: ["completion", "vision"?], modified_at}; unknown model 404
//               {"error": "model 'NAME' not found"}
//   llama.cpp   GET /props -> {default_generation_settings, total_slots, model_alias, model_path,
//               modalities: {vision: <mmproj loaded>, audio: false}, chat_template, build_info}
//   Databricks  GET /api/2.0/serving-endpoints/{name} -> one ServingEndpoint (the list's entries)
// and chat endpoints that judge the test image: one that looks at the pixels of the image it got,
// one that rejects images with llama.cpp's 400, one that ignores them.
#pragma once

#include "fakeendpoint.h"
#include "fakehttpserver.h"

#include <QHash>
#include <QJsonArray>
#include <QStringList>

namespace squint::test {

/// Routes POST /api/show: each model of `capabilities` with its capabilities list (e.g. {"completion",
/// "vision"}); other models get Ollama's 404.
void routeOllamaShow(FakeHttpServer &server, const QHash<QString, QStringList> &capabilities);

/// Routes GET /props of a llama.cpp server with (`projector`) or without a multimodal projector.
void routeLlamaCppProps(FakeHttpServer &server, bool projector);

/// Routes GET /api/2.0/serving-endpoints/{name} for each of `endpoints` (ServingEndpoint objects);
/// with a `token`, requests without "Authorization: Bearer <token>" get 401. Unknown names: 404
/// {"error_code": "RESOURCE_DOES_NOT_EXIST", ...}.
void routeServingEndpointDetails(FakeHttpServer &server,
                                 const QJsonArray &endpoints,
                                 const QByteArray &token = {});

/// What a fake chat endpoint does with the test image.
enum class ImageJudge {
    Looks, ///< decodes the image it got and names its centre pixel's colour ("Red." for pure red)
    Rejects, ///< 400 in llama.cpp's words ("image input is not supported ...") to any request with an image
    Ignores, ///< answers a text model's guess without looking ("I think it is blue.")
};

/// Makes `endpoint` judge images as said; requests are still validated as strictly as before.
void judgeImages(FakeChatEndpoint &endpoint, ImageJudge judge);

/// The colour name of the centre pixel of the first image of a chat request body ("red", "green",
/// "blue", "other"), or empty when the body has no image that decodes.
QString firstImageColour(const QJsonObject &body);

} // namespace squint::test

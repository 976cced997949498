#include "core/catalog/tokens.h"

#include <cmath>

namespace squint {

QSize fitLongEdge(QSize size, int longEdge)
{
    const int edge = std::max(size.width(), size.height());
    if (longEdge <= 0 || edge <= longEdge || size.isEmpty())
        return size;
    const double s = double(longEdge) / edge;
    return QSize(std::max(1, int(std::lround(size.width() * s))), std::max(1, int(std::lround(size.height() * s))));
}

namespace {

int ceilDiv(qint64 a, qint64 b) { return int((a + b - 1) / b); }

// Claude (older docs, A1): the image is first scaled so the long edge is <= 1568 px and the cost
// stays near 1,600 tokens, then tokens = w*h/750.
int areaTokens(const TokenFormula &f, QSize s)
{
    s = fitLongEdge(s, f.maxLongEdge);
    const double divisor = f.divisor > 0 ? f.divisor : 750;
    double tokens = double(s.width()) * s.height() / divisor;
    if (f.cap > 0 && tokens > f.cap)
        tokens = f.cap;
    return int(std::ceil(tokens));
}

// OpenAI tile rule (O1/O2): fit inside fitBox x fitBox, scale so the shortest side is shortSide,
// count tileSize tiles; tokens = base + perTile * tiles.
int tileTokens(const TokenFormula &f, QSize s)
{
    double w = s.width(), h = s.height();
    if (std::max(w, h) > f.fitBox) {
        const double k = f.fitBox / std::max(w, h);
        w *= k;
        h *= k;
    }
    if (std::min(w, h) > f.shortSide) {
        const double k = f.shortSide / std::min(w, h);
        w *= k;
        h *= k;
    }
    const int tiles = int(std::ceil(std::floor(w) / f.tileSize)) * int(std::ceil(std::floor(h) / f.tileSize));
    return f.base + f.perTile * tiles;
}

// OpenAI patch rule (O2): 32-px patches; over budget, shrink so whole patches fit; times multiplier.
// The same count with other patch sizes serves Qwen-VL (28 or 32 px per token) and Mistral Small 3.1
// (28 px, long edge first fit to 1540).
int patchTokens(const TokenFormula &f, QSize s)
{
    s = fitLongEdge(s, f.maxLongEdge);
    const double w = s.width(), h = s.height();
    const double p = f.patchSize > 0 ? f.patchSize : 32;
    qint64 patches = qint64(ceilDiv(qint64(w), qint64(p))) * ceilDiv(qint64(h), qint64(p));
    if (patches > f.patchBudget) {
        double shrink = std::sqrt(p * p * f.patchBudget / (w * h));
        // adjust so that a whole number of patches fits the width, as the guide describes
        const double wp = w * shrink / p;
        shrink *= std::floor(wp) / wp;
        const double hp = h * shrink / p;
        patches = qint64(std::ceil(w * shrink / p)) * qint64(std::ceil(hp));
        patches = std::min<qint64>(patches, f.patchBudget);
    }
    return int(std::ceil(patches * f.multiplier));
}

// Llama 4 (L2, derived from the reference processor): tiles of 336 px, at most maxTiles, 144 tokens
// each, plus one global tile when the grid is larger than 1x1. Never upsampled.
int llamaTokens(const TokenFormula &f, QSize s)
{
    const int tile = f.tileSize > 0 ? f.tileSize : 336;
    int cols = ceilDiv(s.width(), tile), rows = ceilDiv(s.height(), tile);
    const int maxTiles = f.maxTiles > 0 ? f.maxTiles : 16;
    // Downscale the grid, keeping the aspect, until it fits the tile budget.
    while (cols * rows > maxTiles) {
        if (cols >= rows)
            --cols;
        else
            --rows;
    }
    const int tiles = std::max(1, cols * rows);
    return f.perTile * (tiles + (tiles > 1 ? 1 : 0));
}

// Gemini 2.x (G1): 258 tokens if both sides <= 384 px, else tiles of floor(min(w,h)/1.5).
int geminiTokens(const TokenFormula &f, QSize s)
{
    if (s.width() <= 384 && s.height() <= 384)
        return f.perTile;
    const int unit = std::max(1, int(std::floor(std::min(s.width(), s.height()) / 1.5)));
    return f.perTile * ceilDiv(s.width(), unit) * ceilDiv(s.height(), unit);
}

} // namespace

int estimateImageTokens(const TokenFormula &formula, QSize size)
{
    if (size.isEmpty())
        return 0;
    switch (formula.kind) {
    case TokenFormula::Kind::ClaudeArea:
    case TokenFormula::Kind::Generic:
        return areaTokens(formula, size);
    case TokenFormula::Kind::OpenAiTiles:
        return tileTokens(formula, size);
    case TokenFormula::Kind::OpenAiPatches:
        return patchTokens(formula, size);
    case TokenFormula::Kind::FixedPerImage:
        return formula.perImage;
    case TokenFormula::Kind::Llama4Tiles:
        return llamaTokens(formula, size);
    case TokenFormula::Kind::GeminiTiles:
        return geminiTokens(formula, size);
    }
    return 0;
}

} // namespace squint

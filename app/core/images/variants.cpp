#include "core/images/variants.h"

#include <QLatin1Char>

#include <cmath>

namespace squint {

QList<int> VariantSteps::longEdges() const
{
    QList<int> edges;
    if (convert)
        edges << decodeEdgeFor(*convert);
    if (fit)
        edges << std::max(0, fit->longEdge);
    return edges;
}

VariantSteps stepsFor(const ImageInfo &info, const IngestPlan &plan)
{
    VariantSteps steps;
    if (!plan.active || info.size.isEmpty())
        return steps;
    // While there are more images than the model takes the user has to remove some first, and the
    // plans depend on the count (the evaluation prepares nothing then either).
    if (plan.limits.maxImages > 0 && plan.imageCount > plan.limits.maxImages)
        return steps;
    const SendPlan send = planForSend(info,
                                      plan.limits,
                                      std::max(1, plan.imageCount),
                                      plan.keepMetadata);
    // Removing metadata from an upright image needs no pixels (prepareForSend strips it losslessly
    // when asked); turning a rotated one upright does.
    const bool losslessClean = send.action == SendPlan::Action::Clean && !info.rotated;
    if (send.action != SendPlan::Action::AsIs && !losslessClean)
        steps.convert = send;
    if (plan.fit && plan.imageCount <= MaxImagesFittedAhead && plan.fit->maxBytes > 0
        && info.fileBytes > plan.fit->maxBytes && fitNeedsDecode(info, *plan.fit))
        steps.fit = *plan.fit;
    return steps;
}

QString fitKey(const FitTarget &target)
{
    return QStringLiteral("fit:%1:%2:%3")
        .arg(target.longEdge)
        .arg(target.maxBytes)
        .arg(target.formats.join(QLatin1Char(',')));
}

QString convertKey(const SendPlan &plan)
{
    return QStringLiteral("convert:") + plan.key();
}

bool fittedServes(const PreparedImage &made, const FitTarget &madeFor, const FitTarget &wanted)
{
    if (made.isNull())
        return false;
    if (madeFor == wanted)
        return true;
    if (madeFor.longEdge != wanted.longEdge || madeFor.formats != wanted.formats)
        return false;
    const bool fitsWanted = wanted.maxBytes <= 0 || made.byteCount <= wanted.maxBytes;
    if (!fitsWanted)
        return false;
    if (made.firstTry)
        return true;
    if (madeFor.maxBytes <= 0 || wanted.maxBytes <= 0)
        return false;
    return std::abs(double(wanted.maxBytes - madeFor.maxBytes)) <= 0.02 * double(madeFor.maxBytes);
}

} // namespace squint

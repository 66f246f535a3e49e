using Bunit;
using Supervision.Web.Components.Shared;

namespace Supervision.Tests.Components;

public sealed class LightChipTests : BunitContext
{
    [Theory]
    [InlineData(Core.Rules.TrafficLight.Green, "绿灯", "light-green")]
    [InlineData(Core.Rules.TrafficLight.Yellow, "黄灯", "light-yellow")]
    [InlineData(Core.Rules.TrafficLight.Red, "红灯", "light-red")]
    [InlineData(Core.Rules.TrafficLight.Done, "已完成", "light-done")]
    [InlineData(Core.Rules.TrafficLight.Cancelled, "已取消", "light-cancelled")]
    public void Chip_names_and_colours_each_light(Core.Rules.TrafficLight light, string text, string css)
    {
        var cut = Render<LightChip>(p => p.Add(x => x.Light, light).Add(x => x.Title, "时间过半(58%)，进度40%，落后18个百分点"));

        var chip = cut.Find("span");
        Assert.Equal(text, chip.TextContent);
        Assert.Contains(css, chip.ClassList);
        Assert.Equal("时间过半(58%)，进度40%，落后18个百分点", chip.GetAttribute("title"));
    }
}

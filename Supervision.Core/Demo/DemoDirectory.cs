using Supervision.Core.Domain;

namespace Supervision.Core.Demo;

/// <summary>A unit of the demo directory; <see cref="Code"/> is the key the task catalogue and user names use.</summary>
internal sealed record UnitSpec(string Code, string Name, UnitKind Kind, string? ShortName, params string[] Aliases)
{
    public string Display => ShortName ?? Name;
}

/// <summary>A unit group of the demo directory: the kinds whose units are its members, and the other names documents use.</summary>
internal sealed record GroupSpec(string Name, UnitKind[] Kinds, params string[] Aliases);

/// <summary>A city leader and the unit codes he or she oversees (分管 / 联系).</summary>
internal sealed record LeaderSpec(string Name, string Title, params string[] Oversees);

/// <summary>
/// The fictional 澜江市: its units, leaders, categories and the people who act in the seeded record. All names are
/// invented; none belongs to a real city, county or person.
/// </summary>
internal static class DemoDirectory
{
    public const string CityName = "澜江市";

    /// <summary>Units with demo accounts: a 市直部门 with many tasks, a 县区 and a 开发区.</summary>
    public static readonly string[] DemoUnitCodes = ["fgw", "landong", "gxq"];

    public static readonly UnitSpec[] Units =
    [
        // 县市区
        new("landong", "澜东区", UnitKind.County, null, "澜东区人民政府", "澜东区政府"),
        new("lanxi", "澜西区", UnitKind.County, null, "澜西区人民政府", "澜西区政府"),
        new("lanbei", "澜北区", UnitKind.County, null, "澜北区人民政府", "澜北区政府"),
        new("xinlan", "新澜区", UnitKind.County, null, "新澜区人民政府", "新澜区政府"),
        new("wanglan", "望澜市", UnitKind.County, null, "望澜市人民政府", "望澜市政府"),
        new("qinglan", "青岚县", UnitKind.County, null, "青岚县人民政府", "青岚县政府"),
        new("tongxi", "桐溪县", UnitKind.County, null, "桐溪县人民政府", "桐溪县政府"),
        new("luming", "鹿鸣县", UnitKind.County, null, "鹿鸣县人民政府", "鹿鸣县政府"),

        // 市直部门
        new("zfb", "市人民政府办公室", UnitKind.Department, "市政府办公室", "市政府办", "澜江市人民政府办公室"),
        new("fgw", "市发展和改革委员会", UnitKind.Department, "市发展改革委", "市发改委", "澜江市发展和改革委员会"),
        new("gxj", "市工业和信息化局", UnitKind.Department, "市工信局", "市工业和信息化局", "澜江市工业和信息化局"),
        new("jyj", "市教育局", UnitKind.Department, null, "澜江市教育局"),
        new("kjj", "市科学技术局", UnitKind.Department, "市科技局", "澜江市科学技术局"),
        new("gaj", "市公安局", UnitKind.Department, null, "澜江市公安局"),
        new("mzj", "市民政局", UnitKind.Department, null, "澜江市民政局"),
        new("czj", "市财政局", UnitKind.Department, null, "澜江市财政局"),
        new("rsj", "市人力资源和社会保障局", UnitKind.Department, "市人社局", "市人力社保局", "澜江市人力资源和社会保障局"),
        new("zrzy", "市自然资源和规划局", UnitKind.Department, "市自然资源规划局", "市资规局", "澜江市自然资源和规划局"),
        new("sthj", "市生态环境局", UnitKind.Department, null, "市环保局", "澜江市生态环境局"),
        new("zjj", "市住房和城乡建设局", UnitKind.Department, "市住建局", "市住房城乡建设局", "澜江市住房和城乡建设局"),
        new("jtj", "市交通运输局", UnitKind.Department, null, "市交通局", "澜江市交通运输局"),
        new("slj", "市水利局", UnitKind.Department, null, "澜江市水利局"),
        new("nyj", "市农业农村局", UnitKind.Department, null, "市农业局", "澜江市农业农村局"),
        new("swj", "市商务局", UnitKind.Department, null, "澜江市商务局"),
        new("wlj", "市文化广电旅游局", UnitKind.Department, "市文广旅局", "市文旅局", "澜江市文化广电旅游局"),
        new("wjw", "市卫生健康委员会", UnitKind.Department, "市卫生健康委", "市卫健委", "澜江市卫生健康委员会"),
        new("yjj", "市应急管理局", UnitKind.Department, "市应急局", "澜江市应急管理局"),
        new("sjj", "市审计局", UnitKind.Department, null, "澜江市审计局"),
        new("scj", "市市场监督管理局", UnitKind.Department, "市市场监管局", "市场监管局", "澜江市市场监督管理局"),
        new("tjj", "市统计局", UnitKind.Department, null, "澜江市统计局"),
        new("ybj", "市医疗保障局", UnitKind.Department, "市医保局", "澜江市医疗保障局"),
        new("cgj", "市城市管理综合执法局", UnitKind.Department, "市城管执法局", "市城管局", "澜江市城市管理综合执法局"),
        new("yshj", "市营商环境建设局", UnitKind.Department, "市营商局", "市营商环境局", "澜江市营商环境建设局"),
        new("tyjr", "市退役军人事务局", UnitKind.Department, "市退役军人局", "澜江市退役军人事务局"),
        new("gzw", "市人民政府国有资产监督管理委员会", UnitKind.Department, "市国资委", "澜江市国资委"),
        new("sjju", "市数据局", UnitKind.Department, null, "市大数据局", "澜江市数据局"),
        new("xfj", "市信访局", UnitKind.Department, null, "澜江市信访局"),

        // 开发区
        new("gxq", "澜江高新技术产业开发区", UnitKind.DevelopmentZone, "澜江高新区", "高新区", "高新区管委会"),
        new("jkq", "澜江经济技术开发区", UnitKind.DevelopmentZone, "澜江经开区", "经开区", "经开区管委会"),
        new("lgq", "澜江临港经济区", UnitKind.DevelopmentZone, "临港经济区", "临港区", "临港经济区管委会"),

        // 其他
        new("swju", "国家税务总局澜江市税务局", UnitKind.Other, "市税务局", "澜江市税务局"),
        new("ctjt", "澜江市城市建设投资集团有限公司", UnitKind.Other, "市城投集团", "城投集团", "市城投公司"),
    ];

    /// <summary>The 市政府 leadership; 周承远 is the account the demo leader signs in with.</summary>
    public static readonly LeaderSpec[] Leaders =
    [
        new("周承远", "市长", "sjj", "landong", "gxq"),
        new("钱立恒", "常务副市长", "fgw", "czj", "tjj", "gzw", "swju", "lanxi"),
        new("韩明哲", "副市长", "gxj", "kjj", "sjju"),
        new("杨素琴", "副市长", "jyj", "wjw", "wlj", "ybj", "xinlan"),
        new("朱启航", "副市长", "zjj", "zrzy", "cgj", "ctjt", "wanglan"),
        new("秦海峰", "副市长、市公安局局长", "gaj", "tyjr"),
        new("许文澜", "副市长", "nyj", "slj", "qinglan", "luming"),
        new("何清扬", "副市长", "swj", "yshj", "scj", "lgq"),
        new("吕志诚", "副市长", "sthj", "yjj", "tongxi"),
        new("唐雨薇", "副市长", "rsj", "mzj", "lanbei"),
        new("沈致远", "市政府党组成员", "jtj", "jkq"),
        new("潘景行", "市政府秘书长", "zfb", "xfj"),
    ];

    /// <summary>The groups 分解表 name units by (seed 003 writes 各县(市)区人民政府, 各市属开发区管委会, 市政府各部门).</summary>
    public static readonly GroupSpec[] Groups =
    [
        new("各县（市）区政府", [UnitKind.County], "各县（市）区", "各县（市、区）", "各县（市、区）政府", "各县（市、区）人民政府", "各县（市）区人民政府", "各县区", "各县区政府", "各县市区政府"),
        new("各开发区管委会", [UnitKind.DevelopmentZone], "各开发区", "各市属开发区管委会", "各开发区（园区）"),
        new("市直各部门", [UnitKind.Department], "市政府各部门", "市直各单位", "市直部门"),
    ];

    public static readonly string[] Categories =
    [
        "主要经济指标", "扩大有效投资", "产业转型升级", "深化改革开放", "乡村振兴",
        "城市建设管理", "生态环境保护", "民生实事", "社会事业发展", "政府自身建设",
    ];

    /// <summary>The office: 赵文清 is the demo inspector account; the others share the review work.</summary>
    public static readonly Actor[] Inspectors =
    [
        new("inspector", "赵文清", new HashSet<string> { Roles.Inspector }, null),
        new("inspector2", "孙立群", new HashSet<string> { Roles.Inspector }, null),
        new("inspector3", "高雅婷", new HashSet<string> { Roles.Inspector }, null),
    ];

    public static readonly Actor Admin = new("admin", "系统管理员", new HashSet<string> { Roles.Admin }, null);

    private static readonly string[] _surnames =
    [
        "王", "李", "张", "刘", "陈", "杨", "黄", "吴", "徐", "马", "胡", "郭", "林", "罗", "梁", "谢", "宋", "邓", "曹", "彭",
        "曾", "肖", "田", "董", "袁", "蒋", "蔡", "余", "杜", "叶", "程", "苏", "魏", "丁", "任", "姚", "卢", "姜", "崔", "钟",
    ];

    private static readonly string[] _given =
    [
        "建国", "海燕", "志强", "丽娟", "晓东", "春梅", "国庆", "红霞", "立新", "秀英", "明辉", "雪梅", "振华", "婷婷", "伟民",
        "文静", "德胜", "晓燕", "永刚", "慧敏", "宏伟", "玉兰", "光明", "小红", "俊峰", "淑芬", "新民", "佳怡", "子涵", "思琪",
        "浩然", "雅琴", "家豪", "欣怡", "宇航", "梦洁", "天宇", "诗雨", "博文", "晨曦", "亚楠", "锦程", "一鸣", "若兰", "嘉伟",
    ];

    /// <summary>The three people of a unit (联络员, 主管领导, 主要领导), stable per unit code.</summary>
    public static (string Operator, string Supervisor, string Principal) PeopleOf(string code)
    {
        var rng = DemoRandom.For("people:" + code);
        string Next(HashSet<string> used)
        {
            while (true)
            {
                var name = rng.Pick(_surnames) + rng.Pick(_given);
                if (used.Add(name))
                    return name;
            }
        }

        var used = new HashSet<string>();
        return (Next(used), Next(used), Next(used));
    }
}
